using System.Text.Json;
using KnowledgeOs.Application;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Tests.Api;
using KnowledgeOs.Tests.Mcp;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Search;

/// <summary>
/// Every reader's search ranks with usefulness (issue 13) and finds task-level knowledge (issue 11): <c>kos search
/// --json</c>, <c>GET …/search</c> and MCP <c>search_knowledge</c> on one real SQLite file.
/// </summary>
public sealed class UsefulSearchTests : IAsyncLifetime
{
    private const string Team = "default";
    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        await using var store = await SqliteEventStore.OpenAsync(Db, TimeProvider.System, CancellationToken.None);
        var service = new KnowledgeService(store, TimeProvider.System);
        await UsefulnessTeam.LearnAsync(service, Team);
        await service.LearnAsync(Team, KnowledgeOs.Learning.ReportParser.Parse("""
            {"task_id":"ATRA-9","task_name":"Deploy the canary","completed_at":"2026-03-06T10:00:00Z","experts":[{"name":"boris","what_to_improve":["Canary the rollout"]}],
             "overall_success":true,"overall_what_worked":["Feature flags on the kumquat path"],"metrics":{"max_drawdown_pct":1.5}}
            """, "ATRA-9.json"), false, false, CancellationToken.None);
    }

    /// <inheritdoc/>
    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Kos_search_json_puts_the_item_used_in_two_failures_last_and_says_its_usefulness()
    {
        var run = await Kos.RunAsync("search", UsefulnessTeam.Query, "--json", "--data", Db, "--team", Team);
        Assert.Equal(0, run.ExitCode);
        var hits = JsonDocument.Parse(run.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(["boris", "anna"], hits.Select(h => h.GetProperty("expert").GetString()));
        Assert.False(hits[0].TryGetProperty("usefulness", out _));
        Assert.Equal(Math.Round(Usefulness.Factor(0, 2), 4), hits[1].GetProperty("usefulness").GetDouble());

        var task = JsonDocument.Parse((await Kos.RunAsync("search", "max_drawdown_pct", "--json", "--data", Db, "--team", Team)).Out).RootElement[0];
        Assert.Equal("task", task.GetProperty("kind").GetString());
        Assert.Equal("ATRA-9", task.GetProperty("taskId").GetString());
    }

    [Fact]
    public async Task Http_search_puts_the_item_used_in_two_failures_last_and_finds_a_tasks_overall_lists()
    {
        await using var server = await ApiServer.StartAsync(ApiServer.Options(Db));

        var found = await server.Client.GetJsonAsync($"api/v1/teams/{Team}/search?q=webhook%20jitter");
        var hits = found.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["boris", "anna"], hits.Select(h => h.GetProperty("expert").GetString()));
        Assert.Equal(Math.Round(Usefulness.Factor(0, 2), 4), hits[1].GetProperty("usefulness").GetDouble());
        Assert.Equal("item", hits[1].GetProperty("kind").GetString());

        var task = (await server.Client.GetJsonAsync($"api/v1/teams/{Team}/search?q=kumquat")).GetProperty("items").EnumerateArray().Single();
        Assert.Equal("task", task.GetProperty("kind").GetString());
        Assert.Equal("task", task.GetProperty("section").GetString());
        Assert.Equal("ATRA-9", task.GetProperty("taskId").GetString());
        Assert.Equal(["boris"], task.GetProperty("experts").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("kumquat", task.GetProperty("matches")[0].GetProperty("word").GetString());
    }

    [Fact]
    public async Task Mcp_search_knowledge_puts_the_item_used_in_two_failures_last_and_finds_the_backlog()
    {
        await using var client = await KosMcp.StartAsync(Db);

        var found = await client.CallToolAsync("search_knowledge", new Dictionary<string, object?> { ["query"] = UsefulnessTeam.Query });
        var hits = JsonDocument.Parse(McpHttpTests.Text(found)).RootElement.EnumerateArray().ToList();
        Assert.Equal(["boris", "anna"], hits.Select(h => h.GetProperty("expert").GetString()));
        Assert.False(hits[0].TryGetProperty("usefulness", out _));
        Assert.Equal(Math.Round(Usefulness.Factor(0, 2), 4), hits[1].GetProperty("usefulness").GetDouble());

        var backlog = await client.CallToolAsync("search_knowledge", new Dictionary<string, object?> { ["query"] = "canary rollout" });
        var task = JsonDocument.Parse(McpHttpTests.Text(backlog)).RootElement[0];
        Assert.Equal("task", task.GetProperty("kind").GetString());
        Assert.Equal("ATRA-9", task.GetProperty("taskId").GetString());
    }
}
