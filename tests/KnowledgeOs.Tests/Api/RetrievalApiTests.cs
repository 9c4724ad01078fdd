using System.Net;
using System.Net.Http.Headers;

namespace KnowledgeOs.Tests.Api;

public sealed class RetrievalApiTests
{
    private const string Team = "api/v1/teams/demo";

    /// <summary>A server with two experts: one knows about retries and idempotency, the other about design.</summary>
    private static async Task<ApiServer> StartAsync()
    {
        var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        await server.Client.OnboardAsync("demo", "sofia");
        await server.Client.LearnAsync("demo", Http.Report("T-1", "igor", "Idempotency keys make payment retries safe", "Outbox pattern for events"));
        await server.Client.LearnAsync("demo", Http.Report("T-2", "sofia", "Colour contrast for accessibility"));
        return server;
    }

    [Fact]
    public async Task The_context_pack_holds_the_matching_item_with_its_source()
    {
        await using var server = await StartAsync();
        using var response = await server.Client.PostAsync($"{Team}/context", Http.Json(new { task = "Make payment retries idempotent", lang = "en", budget = 2000 }));
        var pack = await response.BodyAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expert = Assert.Single(pack.GetProperty("experts").EnumerateArray());
        Assert.Equal("igor", expert.GetProperty("expert").GetString());
        var item = expert.GetProperty("items")[0];
        Assert.Equal("Idempotency keys make payment retries safe", item.GetProperty("text").GetString());
        Assert.Equal("task:T-1", item.GetProperty("source").GetString());
        Assert.True(pack.GetProperty("characters").GetInt32() <= 2000);
        Assert.Contains("`" + item.GetProperty("id").GetString() + "`", pack.GetProperty("markdown").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_packs_id_reported_as_used_by_a_failed_task_lowers_its_items()
    {
        await using var server = await StartAsync();
        var body = Http.Json(new { task = "Make payment retries idempotent", lang = "en" });
        using var first = await server.Client.PostAsync($"{Team}/context", body);
        var pack = await first.BodyAsync();
        var packId = pack.GetProperty("packId").GetString()!;
        var item = pack.GetProperty("experts")[0].GetProperty("items")[0];

        await server.Client.LearnAsync("demo", new
        {
            taskId = "T-3", completedAt = "2026-03-03T18:00:00Z", outcome = "failure", participants = new[] { "sofia" }, usedItems = new[] { packId },
        });

        using var second = await server.Client.PostAsync($"{Team}/context", Http.Json(new { task = "Make payment retries idempotent", lang = "en" }));
        var again = (await second.BodyAsync()).GetProperty("experts")[0].GetProperty("items")[0];
        Assert.Equal(item.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.Equal(1, again.GetProperty("usedInFailures").GetInt32());
        Assert.True(again.GetProperty("score").GetDouble() < item.GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task Asking_for_Markdown_gets_the_Markdown_alone()
    {
        await using var server = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Team}/context") { Content = Http.Json(new { task = "payment retries", experts = new[] { "igor" } }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/markdown"));
        using var response = await server.Client.SendAsync(request);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        var markdown = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("# 🧭 Контекст для задачи: payment retries", markdown.Split('\n', 2)[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Markdown_pack_carries_its_pack_id_in_a_header_and_its_first_line_and_a_report_can_use_it()
    {
        await using var server = await StartAsync();
        using var json = await server.Client.PostAsync($"{Team}/context", Http.Json(new { task = "payment retries", experts = new[] { "igor" } }));
        var expected = (await json.BodyAsync()).GetProperty("packId").GetString()!;
        Assert.StartsWith("pack-", expected, StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Team}/context") { Content = Http.Json(new { task = "payment retries", experts = new[] { "igor" } }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/markdown"));
        using var response = await server.Client.SendAsync(request);
        Assert.Equal(expected, Assert.Single(response.Headers.GetValues("X-Kos-Pack-Id")));
        var markdown = await response.Content.ReadAsStringAsync();
        Assert.Equal($"<!-- kos:pack-id {expected} -->", markdown.Split('\n', 2)[0]);

        // The id read from the Markdown is what a report's usedItems takes.
        var report = new { taskId = "MD-PACK-1", completedAt = "2026-03-04T10:00:00Z", outcome = "failure", usedItems = new[] { expected }, participants = new[] { new { expert = "igor" } } };
        await server.Client.LearnAsync("demo", report);
        using var after = await server.Client.PostAsync($"{Team}/context", Http.Json(new { task = "payment retries", experts = new[] { "igor" } }));
        Assert.Equal(1, (await after.BodyAsync()).GetProperty("experts")[0].GetProperty("items")[0].GetProperty("usedInFailures").GetInt32());
    }

    [Fact]
    public async Task Route_ranks_the_expert_whose_knowledge_matches_with_the_reason()
    {
        await using var server = await StartAsync();
        using var response = await server.Client.PostAsync($"{Team}/route", Http.Json(new { task = "Idempotent payment retries", top = 3 }));
        var body = await response.BodyAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var first = Assert.Single(body.GetProperty("experts").EnumerateArray());
        Assert.Equal("igor", first.GetProperty("expert").GetString());
        Assert.Equal(1, first.GetProperty("rank").GetInt32());
        Assert.StartsWith("matched", first.GetProperty("why").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("context", """{}""", 400, "task")]
    [InlineData("context", """{"task":"retry","budget":5}""", 400, "budget")]
    [InlineData("context", """{"task":"retry","lang":"de"}""", 400, "lang")]
    [InlineData("context", """{"task":"retry","colour":"red"}""", 400, "colour")]
    [InlineData("context", """{"task":"retry","experts":["ghost"]}""", 404, null)]
    [InlineData("route", """{"task":"retry","top":0}""", 400, "top")]
    [InlineData("route", """{"title":"   "}""", 400, "task")]
    public async Task Bad_input_is_a_problem_naming_the_field(string endpoint, string body, int status, string? field)
    {
        await using var server = await StartAsync();
        using var response = await server.Client.PostAsync($"{Team}/{endpoint}", Http.Json(body));
        await response.ProblemAsync(status, field);
    }

    [Fact]
    public async Task A_read_key_may_ask_and_another_teams_key_sees_nothing()
    {
        var (server, secrets) = await ApiServer.StartWithKeysAsync(("demo", "admin"), ("demo", "read"), ("other", "read"));
        await using (server)
        {
            using var writer = server.NewClient(secrets[0]);
            await writer.OnboardAsync("demo", "igor");
            await writer.LearnAsync("demo", Http.Report("T-1", "igor", "Retry with backoff"));
            using var reader = server.NewClient(secrets[1]);
            using var ok = await reader.PostAsync($"{Team}/route", Http.Json(new { task = "retry" }));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            using var other = server.NewClient(secrets[2]);
            using var hidden = await other.PostAsync($"{Team}/context", Http.Json(new { task = "retry" }));
            await hidden.ProblemAsync(404);
            using var anonymous = await server.Client.PostAsync($"{Team}/route", Http.Json(new { task = "retry" }));
            await anonymous.ProblemAsync(401);
        }
    }
}
