using KnowledgeOs.Events;
using KnowledgeOs.Rendering;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Tests.Retrieval;

/// <summary>
/// Ranking uses how items fared in the tasks that used them (docs/RETRIEVAL.md, "Usefulness"): among items that match
/// a task equally, one used in repeated failures falls below the untouched one and one that helped tasks succeed rises,
/// in the context pack, in routing and in the guidance block.
/// </summary>
public sealed class UsefulnessRankingTests
{
    private const string Suspect = "Retry webhooks with backoff alpha";
    private const string Plain = "Retry webhooks with backoff gamma";
    private const string Useful = "Retry webhooks with backoff delta";

    private static RetrievalExpert Expert() => RetrievalExpert.New("dmitriy", "Backend Developer")
        .Add(SectionKind.Known, Suspect)
        .Add(SectionKind.Known, Plain)
        .Add(SectionKind.Known, Useful)
        .Used(Suspect, "T-1", Outcome.Failure).Used(Suspect, "T-2", Outcome.Failure)
        .Used(Useful, "T-3", Outcome.Success).Used(Useful, "T-4", Outcome.Success);

    [Fact]
    public void The_usefulness_factor_is_one_without_uses_and_moves_with_outcomes()
    {
        Assert.Equal(1.0, Usefulness.Factor(0, 0));
        Assert.Equal(Math.Pow(1.0 / 3, 0.3), Usefulness.Factor(0, 2), 12);
        Assert.Equal(Math.Pow(3.0, 0.3), Usefulness.Factor(2, 0), 12);
        Assert.Equal(1.0, Usefulness.Factor(2, 2));
    }

    [Fact]
    public void In_a_context_pack_the_useful_item_rises_and_the_suspicious_one_falls_below_its_equal()
    {
        var pack = ContextPack.Build(RetrievalExpert.Corpus(Expert()), new ContextPackRequest("retry webhooks backoff", Language: RenderLanguage.En));

        var items = Assert.Single(pack.Experts).Items;
        Assert.Equal([Useful, Plain, Suspect], items.Select(i => i.Text));
        Assert.True(items[0].Score > items[1].Score && items[1].Score > items[2].Score);
        Assert.True(items[2].Suspect);
        Assert.Equal(2, items[2].UsedInFailures);
        Assert.Equal(2, items[0].UsedInSuccesses);
        Assert.Contains($"· 🚩 under suspicion: failed in 2 tasks", pack.Markdown, StringComparison.Ordinal);
        Assert.True(pack.Markdown.Length <= pack.Budget);
    }

    [Fact]
    public void Routing_puts_the_expert_whose_equal_item_went_with_failures_below_the_other()
    {
        var failing = RetrievalExpert.New("anna", "Backend Developer").Add(SectionKind.Known, Plain)
            .Used(Plain, "T-1", Outcome.Failure).Used(Plain, "T-2", Outcome.Failure);
        var clean = RetrievalExpert.New("boris", "Backend Developer").Add(SectionKind.Known, Plain);
        var corpus = RetrievalExpert.Corpus(failing, clean);

        var routed = ExpertRouting.Rank(corpus, TaskQuery.Parse(null, "retry webhooks backoff"));

        Assert.Equal(["boris", "anna"], routed.Select(r => r.Expert));
        Assert.True(routed[0].Score > routed[1].Score);
    }

    [Fact]
    public void Guidance_orders_equal_items_by_their_outcomes_and_flags_the_suspicious_one()
    {
        var block = GuidanceBlock.Render(Expert().State, new GuidanceOrigin(7, RetrievalExpert.Start));

        var useful = block.IndexOf(Useful, StringComparison.Ordinal);
        var plain = block.IndexOf(Plain, StringComparison.Ordinal);
        var suspect = block.IndexOf(Suspect, StringComparison.Ordinal);
        Assert.True(useful < plain && plain < suspect, block);
        Assert.Contains("· tasks ✓2 ✗0\n", block, StringComparison.Ordinal);
        Assert.Contains("· tasks ✓0 ✗2 · 🚩 under suspicion\n", block, StringComparison.Ordinal);
    }
}
