using KnowledgeOs.Learning;
using KnowledgeOs.Retrieval;

namespace KnowledgeOs.Tests.Domain;

/// <summary>A report's <c>usedItems</c> and the context pack ids it may hold (docs/RETRIEVAL.md, "Usefulness").</summary>
public sealed class UsedItemsTests
{
    private const string Head = """{"taskId":"T-1","completedAt":"2026-03-05T10:00:00Z","outcome":"failure","participants":["dmitriy"]""";

    [Fact]
    public void A_pack_id_resolves_to_the_item_ids_it_was_made_of_in_order()
    {
        string[] ids = ["knowledge-94ed816b1825", "problem-fc48d9e1c9c4", "best_practice-0123456789ab", "legacy:odd id"];

        var pack = PackId.Of([.. ids, ids[0]]);

        Assert.StartsWith("pack-", pack, StringComparison.Ordinal);
        Assert.Equal(ids, PackId.Items(pack, "usedItems"));
        Assert.Equal(pack, PackId.Of(ids));
        Assert.NotEqual(pack, PackId.Of(ids.Reverse()));
    }

    [Fact]
    public void Used_items_mix_item_ids_and_pack_ids_each_once()
    {
        var pack = PackId.Of(["knowledge-94ed816b1825", "problem-fc48d9e1c9c4"]);

        var report = ReportParser.Parse(Head + $$""","usedItems":["problem-fc48d9e1c9c4","{{pack}}"]}""", "report.json");

        Assert.Equal(["problem-fc48d9e1c9c4", "knowledge-94ed816b1825"], report.UsedItems);
    }

    private const string AtraHead = """{"task_id":"R-1","completed_at":"2026-03-05T10:00:00Z","overall_success":false""";

    [Fact]
    public void An_ATRA_retrospective_takes_used_items_at_the_top_and_per_expert_as_one_list()
    {
        var pack = PackId.Of(["knowledge-94ed816b1825", "problem-fc48d9e1c9c4"]);

        var report = ReportParser.Parse(AtraHead + $$""","used_items":["{{pack}}"],"experts":[{"expert":"Дмитрий","used_items":["problem-fc48d9e1c9c4","case-0123456789ab"]},{"expert":"Ольга"}]}""", "retro.json");

        Assert.Equal(["knowledge-94ed816b1825", "problem-fc48d9e1c9c4", "case-0123456789ab"], report.UsedItems);
    }

    [Theory]
    [InlineData(""","used_items":["pack-!!"],"experts":[{"expert":"Дмитрий"}]}""", "used_items[0]")]
    [InlineData(""","experts":[{"expert":"Дмитрий"},{"expert":"Ольга","used_items":["x","pack-!!"]}]}""", "experts[1].used_items[1]")]
    public void A_malformed_ATRA_used_item_is_refused_naming_where_it_is(string rest, string field)
    {
        var error = Assert.ThrowsAny<KnowledgeOs.InputException>(() => ReportParser.Parse(AtraHead + rest, "retro.json"));

        Assert.Equal(field, error.Field);
        Assert.Contains("is not an item id or a pack id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_native_spelling_in_an_ATRA_retrospective_is_still_refused_suggesting_the_ATRA_one()
    {
        var error = Assert.ThrowsAny<KnowledgeOs.InputException>(() =>
            ReportParser.Parse(AtraHead + ""","usedItems":["knowledge-94ed816b1825"],"experts":[{"expert":"Дмитрий"}]}""", "retro.json"));

        Assert.Equal("usedItems", error.Field);
        Assert.Contains("did you mean 'used_items'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_without_used_items_hashes_as_before()
    {
        var report = ReportParser.Parse(Head + "}", "report.json");

        Assert.Null(report.UsedItems);
        Assert.DoesNotContain("usedItems", System.Text.Json.JsonSerializer.Serialize(report, KnowledgeOs.Events.EventTypes.Json), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pack-!!", "usedItems[0]")]
    [InlineData("pack-_w", "usedItems[0]")]
    public void A_malformed_pack_id_is_an_error_naming_its_place(string value, string field)
    {
        var error = Assert.Throws<InputException>(() => ReportParser.Parse(Head + $$""","usedItems":["{{value}}"]}""", "report.json"));

        Assert.Equal(field, error.Field);
        Assert.StartsWith($"report.json: field '{field}' is not an item id or a pack id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Used_items_of_the_wrong_type_are_refused()
    {
        var error = Assert.Throws<InputException>(() => ReportParser.Parse(Head + ""","usedItems":[3]}""", "report.json"));

        Assert.Equal("usedItems[0]", error.Field);
    }
}
