using System.Text.Json;
using KnowledgeOs.Tests.Support;
using ModelContextProtocol.Client;

namespace KnowledgeOs.Tests.Mcp;

/// <summary><c>kos mcp</c> as an agent runs it: a real child process speaking MCP on stdio, through the SDK's client.</summary>
public sealed class McpStdioTests : IAsyncLifetime
{
    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    public async Task InitializeAsync() => Assert.Equal(0, (await Kos.RunAsync("demo", "--data", Db, "--json")).ExitCode);

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    private Task<McpClient> StartAsync() => KosMcp.StartAsync(Db);

    [Fact]
    public async Task An_agent_routes_packs_and_learns_through_kos_mcp()
    {
        await using var client = await StartAsync();
        var tools = await client.ListToolsAsync();
        Assert.Equal(McpHttpTests.Tools, tools.Select(t => t.Name).Order(StringComparer.Ordinal));

        var route = await client.CallToolAsync("route_task", new Dictionary<string, object?> { ["task"] = "Настроить лимиты velocity по картам", ["top"] = 1 });
        Assert.Equal("mariya", JsonDocument.Parse(McpHttpTests.Text(route)).RootElement[0].GetProperty("expert").GetString());

        var pack = await client.CallToolAsync("context_pack", new Dictionary<string, object?> { ["task"] = "ключи идемпотентности", ["experts"] = new[] { "dmitriy" } });
        Assert.Contains("## Дмитрий (Backend Developer) · `dmitriy`", McpHttpTests.Text(pack), StringComparison.Ordinal);

        var found = await client.CallToolAsync("search_knowledge", new Dictionary<string, object?> { ["query"] = "идемпотентность", ["experts"] = new[] { "dmitriy" } });
        Assert.All(JsonDocument.Parse(McpHttpTests.Text(found)).RootElement.EnumerateArray(), h => Assert.Equal("dmitriy", h.GetProperty("expert").GetString()));
        Assert.NotEmpty(JsonDocument.Parse(McpHttpTests.Text(found)).RootElement.EnumerateArray());

        var report = McpHttpTests.Report("MCP-1", "dmitriy", "Retry budgets stop retry storms");
        var learned = JsonDocument.Parse(McpHttpTests.Text(await client.CallToolAsync("learn_from_report", new Dictionary<string, object?> { ["report"] = report }))).RootElement;
        Assert.Equal(["dmitriy"], learned.GetProperty("experts").EnumerateArray().Select(e => e.GetString()));
        var again = JsonDocument.Parse(McpHttpTests.Text(await client.CallToolAsync("learn_from_report", new Dictionary<string, object?> { ["report"] = report }))).RootElement;
        Assert.True(again.GetProperty("duplicate").GetBoolean());

        var knowledge = await client.CallToolAsync("get_knowledge", new Dictionary<string, object?> { ["expert"] = "dmitriy", ["lang"] = "en" });
        Assert.Contains("Retry budgets stop retry storms", McpHttpTests.Text(knowledge), StringComparison.Ordinal);
    }
}
