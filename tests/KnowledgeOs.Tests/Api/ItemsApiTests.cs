using System.Net;
using System.Text.Json;

namespace KnowledgeOs.Tests.Api;

public sealed class ItemsApiTests
{
    private const string Igor = "api/v1/teams/demo/experts/igor";

    [Fact]
    public async Task Adding_an_item_records_it_once_and_the_same_evidence_again_changes_nothing()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        var book = new { text = "Designing Data-Intensive Applications", fields = new Dictionary<string, string> { ["author"] = "Martin Kleppmann" } };
        using var created = await server.Client.PostAsync(Igor + "/sections/book/items", Http.Json(book));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var write = await created.BodyAsync();
        var id = write.GetProperty("item").GetProperty("id").GetString()!;
        Assert.Equal("book", write.GetProperty("item").GetProperty("section").GetString());
        Assert.Equal("manual:local", write.GetProperty("item").GetProperty("source").GetString());
        Assert.Equal($"/api/v1/teams/demo/experts/igor/items/{id}", created.Headers.Location?.ToString());

        using var again = await server.Client.PostAsync(Igor + "/sections/book/items", Http.Json(book));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(0, (await again.BodyAsync()).GetProperty("events").GetInt32());

        var item = await server.Client.GetJsonAsync($"{Igor}/items/{id[..8]}");
        Assert.Equal(id, item.GetProperty("id").GetString());
        Assert.Equal("Martin Kleppmann", item.GetProperty("fields").GetProperty("author").GetString());
    }

    [Fact]
    public async Task Items_are_listed_per_section_in_pages_with_filters()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.LearnAsync("demo", new
        {
            taskId = "T-1", completedAt = "2026-03-03T17:40:00Z", outcome = "success",
            participants = new[] { new { expert = "igor", newKnowledge = new[] { "Alpha fact", "Beta fact", "Gamma fact" }, practicesApplied = new[] { "Code review" } } },
        }, onboard: true);

        var page1 = await server.Client.GetJsonAsync(Igor + "/sections/learned/items?limit=2");
        Assert.Equal(["Alpha fact", "Beta fact"], page1.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()));
        var page2 = await server.Client.GetJsonAsync(page1.GetProperty("next").GetString()!);
        Assert.Equal("Gamma fact", Assert.Single(page2.GetProperty("items").EnumerateArray()).GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, page2.GetProperty("next").ValueKind);

        var all = await server.Client.GetJsonAsync(Igor + "/items");
        Assert.Equal(4, all.GetProperty("items").GetArrayLength());
        var practices = await server.Client.GetJsonAsync(Igor + "/items?section=practice&source=task:");
        Assert.Equal("Code review", Assert.Single(practices.GetProperty("items").EnumerateArray()).GetProperty("text").GetString());
        var search = await server.Client.GetJsonAsync(Igor + "/items?q=BETA");
        Assert.Equal("Beta fact", Assert.Single(search.GetProperty("items").EnumerateArray()).GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("/sections/learned/items?limit=0", "limit")]
    [InlineData("/sections/learned/items?limit=100000", "limit")]
    [InlineData("/sections/learned/items?cursor=not-a-cursor", "cursor")]
    [InlineData("/sections/learned/items?limit=abc", "limit")]
    [InlineData("/sections/nonsense/items", "section")]
    [InlineData("/items?status=deleted", "status")]
    [InlineData("/history?limit=100000", "limit")]
    public async Task A_bad_list_query_is_a_400_naming_the_parameter(string path, string field)
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        using var response = await server.Client.GetAsync(Igor + path);
        await response.ProblemAsync(400, field);
    }

    [Theory]
    [InlineData("""{"text":"x","fields":{"confirmations":"9"}}""", "fields.confirmations")]
    [InlineData("""{"text":"x","source":"task:forged"}""", "source")]
    [InlineData("""{"text":"x","id":"knowledge-1"}""", "id")]
    [InlineData("""{"text":"   "}""", "text")]
    [InlineData("""{"fields":{}}""", "text")]
    public async Task A_bad_item_is_refused_naming_the_field_and_writes_nothing(string json, string field)
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        using var response = await server.Client.PostAsync(Igor + "/sections/learned/items", Http.Json(json));
        await response.ProblemAsync(400, field);
        Assert.Equal(0, (await server.Client.GetJsonAsync(Igor + "/items?status=all")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Confirming_and_retracting_an_item_show_in_its_history()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.LearnAsync("demo", Http.Report("T-1", "igor", "Alpha fact"), onboard: true);
        var id = (await server.Client.GetJsonAsync(Igor + "/items")).GetProperty("items")[0].GetProperty("id").GetString();

        using var confirmed = await server.Client.PostAsync($"{Igor}/items/{id}/confirm", null);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var afterConfirm = await confirmed.BodyAsync();
        Assert.Equal(1, afterConfirm.GetProperty("events").GetInt32());
        Assert.Equal(2, afterConfirm.GetProperty("item").GetProperty("evidence").GetInt32());

        using var noReason = await server.Client.PostAsync($"{Igor}/items/{id}/retract", Http.Json(new { reason = "" }));
        await noReason.ProblemAsync(400, "reason");

        using var retracted = await server.Client.PostAsync($"{Igor}/items/{id}/retract", Http.Json(new { reason = "outdated" }));
        Assert.Equal("retracted", (await retracted.BodyAsync()).GetProperty("item").GetProperty("status").GetString());
        Assert.Equal(0, (await server.Client.GetJsonAsync(Igor + "/items")).GetProperty("items").GetArrayLength());
        Assert.Equal(1, (await server.Client.GetJsonAsync(Igor + "/items?status=retracted")).GetProperty("items").GetArrayLength());

        using var confirmRetracted = await server.Client.PostAsync($"{Igor}/items/{id}/confirm", null);
        await confirmRetracted.ProblemAsync(409);

        var history = await server.Client.GetJsonAsync($"{Igor}/items/{id}/history");
        Assert.Equal(["v1.KnowledgeRecorded", "v1.KnowledgeConfirmed", "v1.KnowledgeRetracted"],
            history.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        Assert.Equal("outdated", history.GetProperty("items")[2].GetProperty("data").GetProperty("reason").GetString());

        var first = await server.Client.GetJsonAsync(Igor + "/history?limit=1");
        var events = await server.Client.GetJsonAsync(Igor + "/history?limit=2&cursor=" + first.GetProperty("cursor").GetString());
        Assert.Equal(2, events.GetProperty("items").GetArrayLength());
        Assert.Equal(2, events.GetProperty("items")[0].GetProperty("version").GetInt64());
        Assert.Equal(5, (await server.Client.GetAllAsync(Igor + "/history?limit=2")).Count);
    }

    [Fact]
    public async Task An_unknown_item_or_expert_is_a_404_problem()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        using var item = await server.Client.GetAsync(Igor + "/items/knowledge-000000");
        await item.ProblemAsync(404);
        using var confirm = await server.Client.PostAsync(Igor + "/items/knowledge-000000/confirm", null);
        await confirm.ProblemAsync(404);
        using var expert = await server.Client.PostAsync("api/v1/teams/demo/experts/nobody/sections/learned/items", Http.Json(new { text = "x" }));
        await expert.ProblemAsync(404);
    }
}
