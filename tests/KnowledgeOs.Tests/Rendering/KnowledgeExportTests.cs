using KnowledgeOs.Experts;
using KnowledgeOs.Metrics;
using KnowledgeOs.Rendering;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Tests.Rendering;

public class KnowledgeExportTests
{
    [Fact]
    public void Export_is_deterministic_and_reads_back_to_the_same_bytes()
    {
        var (events, state) = SampleExpert.Build();
        var json = KnowledgeExport.Of("atra", [state]).ToJson();
        Assert.Equal(json, KnowledgeExport.Of("atra", [ExpertState.Fold(null, events)!]).ToJson());
        Assert.Equal(json, KnowledgeExport.Parse(json).ToJson());
        Assert.DoesNotContain('\r', json);
        Assert.EndsWith("}\n", json);
    }

    [Fact]
    public void Export_keeps_every_item_with_provenance_status_and_fields()
    {
        var state = SampleExpert.Build().State;
        var export = KnowledgeExport.Parse(KnowledgeExport.Of("atra", [new Snapshot(state, 42)]).ToJson());
        var expert = Assert.Single(export.Experts);
        Assert.Equal(("igor", "Игорь", 42L), (expert.Slug, expert.DisplayName, expert.Version!.Value));
        Assert.Equal(state.Items.Count, expert.Items.Count);
        Assert.Equal(expert.Items.Select(i => i.Order).Order(), expert.Items.Select(i => i.Order));

        var retracted = expert.Items.Single(i => i.Text == SampleExpert.RetractedText);
        Assert.Equal((ItemStatus.Retracted, "устарело"), (retracted.Status, retracted.RetractReason));
        var rabbit = expert.Items.Single(i => i.Text == "RabbitMQ");
        Assert.Equal(["manual:anna", "manual:oleg", "manual:petr"], rabbit.Confirmations.Select(c => c.Source));
        var outbox = expert.Items.Single(i => i.Text == "Transactional Outbox");
        Assert.Equal(SectionKind.BestPractice, outbox.Section);
        Assert.Equal("2026-02-01", outbox.Fields[ItemFields.FoundAt]);
        var problem = expert.Items.Single(i => i.Section == SectionKind.Problem && i.Solutions.Count == 2);
        Assert.Equal("task:T-101", problem.Source);

        Assert.Equal(3, expert.Tasks.Count);
        Assert.Equal(3, expert.Claims.Count);
        Assert.Equal(state.Sources.ToList(), expert.Sources);
        Assert.Equal(ExpertMetrics.Of(state), expert.Metrics);
    }

    [Fact]
    public void Section_codes_are_written_as_in_the_catalog()
    {
        var json = KnowledgeExport.Of("atra", [SampleExpert.Build().State]).ToJson();
        Assert.Contains("\"section\": \"best_practice\"", json);
        Assert.Contains("\"section\": \"advanced_book\"", json);
        Assert.Contains("\"section\": \"expert_practice\"", json);
    }

    [Fact]
    public void A_state_rebuilt_from_the_export_renders_the_same_markdown()
    {
        var state = SampleExpert.Build().State;
        var rebuilt = KnowledgeExport.Parse(KnowledgeExport.Of("atra", [state]).ToJson()).Experts[0].ToState();
        foreach (var options in new[] { new RenderOptions(RenderLanguage.Ru), new RenderOptions(RenderLanguage.En) })
            Assert.Equal(MarkdownRenderer.Render(state, options), MarkdownRenderer.Render(rebuilt, options));
        Assert.Equal(state.NextOrder, rebuilt.NextOrder);
    }

    [Fact]
    public void Experts_are_ordered_by_slug()
    {
        var igor = SampleExpert.Build().State;
        var anna = igor with { Slug = "anna" };
        var export = KnowledgeExport.Of("atra", [igor, anna]);
        Assert.Equal(["anna", "igor"], export.Experts.Select(e => e.Slug));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("{\"format\": 99, \"team\": \"atra\", \"experts\": []}")]
    [InlineData("{\"format\": 1, \"experts\": []}")]
    public void Anything_but_an_export_is_an_input_error(string json) =>
        Assert.Throws<InputException>(() => KnowledgeExport.Parse(json, "dump.json"));
}
