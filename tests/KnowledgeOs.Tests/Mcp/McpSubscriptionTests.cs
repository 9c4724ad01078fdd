using System.Text.Json;
using KnowledgeOs.Learning;
using KnowledgeOs.Server.Mcp;
using KnowledgeOs.Tests.Support;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace KnowledgeOs.Tests.Mcp;

/// <summary>Resources, subscriptions and prompts of <c>kos mcp</c>, through the SDK's client on a real child process.</summary>
public sealed class McpSubscriptionTests : IAsyncLifetime
{
    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    public async Task InitializeAsync() => Assert.Equal(0, (await Kos.RunAsync("demo", "--data", Db, "--json")).ExitCode);

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    // resources/subscribe is the 2025-11-25 protocol's (the one issue 13 names); 2026-07-28 replaced it by subscriptions/listen.
    private Task<McpClient> StartAsync() => KosMcp.StartAsync(Db, new McpClientOptions { ProtocolVersion = "2025-11-25" });

    [Fact]
    public async Task A_report_learned_by_another_process_notifies_a_subscribed_client()
    {
        await using var client = await StartAsync();
        Assert.True(client.ServerCapabilities.Resources?.Subscribe);
        var uri = KnowledgeResources.KnowledgeUri("default", "dmitriy") + "?lang=en";
        var updated = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.SubscribeToResourceAsync(uri, (n, _) =>
        {
            updated.TrySetResult(n.Uri);
            return ValueTask.CompletedTask;
        });

        // Another writer on the same store: the CLI, in its own process.
        var report = _dir.File("report.json");
        await File.WriteAllTextAsync(report, JsonSerializer.Serialize(McpHttpTests.Report("SUB-1", "dmitriy", "Outbox rows are deleted only after the broker acknowledges")));
        Assert.Equal(0, (await Kos.RunAsync("learn", report, "--data", Db)).ExitCode);

        Assert.Equal(uri, await updated.Task.WaitAsync(TimeSpan.FromMinutes(1)));
        var read = await client.ReadResourceAsync(uri);
        Assert.Contains("Outbox rows are deleted only after the broker acknowledges", ((TextResourceContents)read.Contents[0]).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_improvement_backlog_is_a_listed_resource_that_follows_the_reports()
    {
        await using var client = await StartAsync();
        var uri = KnowledgeResources.BacklogUri("default", "dmitriy");
        Assert.Contains(uri, (await client.ListResourcesAsync()).Select(r => r.Uri));
        Assert.Contains("kos://teams/{team}/experts/{slug}/backlog.md{?lang,asOf,recordedAsOf}", (await client.ListResourceTemplatesAsync()).Select(t => t.UriTemplate));
        var updated = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.SubscribeToResourceAsync(uri + "?lang=en", (n, _) =>
        {
            updated.TrySetResult(n.Uri);
            return ValueTask.CompletedTask;
        });

        var report = _dir.File("report.json");
        await File.WriteAllTextAsync(report, """
            {"taskId":"BACKLOG-1","completedAt":"2026-03-20T10:00:00Z","outcome":"partial",
             "participants":[{"expert":"dmitriy","whatToImprove":["Load test the refund path before release"]}]}
            """);
        Assert.Equal(0, (await Kos.RunAsync("learn", report, "--data", Db)).ExitCode);

        Assert.Equal(uri + "?lang=en", await updated.Task.WaitAsync(TimeSpan.FromMinutes(1)));
        var en = ((TextResourceContents)(await client.ReadResourceAsync(uri + "?lang=en")).Contents[0]).Text;
        Assert.StartsWith("# 🔧 Improvement backlog: Дмитрий", en, StringComparison.Ordinal);
        var entry = en.IndexOf("\n- Load test the refund path before release (asked by `BACKLOG-1`, 2026-03-20)\n", StringComparison.Ordinal);
        Assert.InRange(en.IndexOf("\n## Open\n", StringComparison.Ordinal), 0, entry);
        var ru = ((TextResourceContents)(await client.ReadResourceAsync(uri)).Contents[0]).Text;
        Assert.Contains("\n- Load test the refund path before release (задача `BACKLOG-1`, 2026-03-20)\n", ru, StringComparison.Ordinal);
        Assert.Contains("\n## Открыто\n", ru, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_subscribed_addresses_of_the_changed_expert_and_team_are_touched()
    {
        string[] subscribed =
        [
            "kos://teams/default/experts/dmitriy/knowledge.md?lang=en", "kos://teams/default/experts/mariya/knowledge.md",
            "kos://teams/default/team.md", "kos://teams/other/team.md",
        ];
        Assert.Equal(["kos://teams/default/experts/dmitriy/knowledge.md?lang=en", "kos://teams/default/team.md"],
            McpSubscriptions.Touched(subscribed, new KnowledgeOs.Storage.StreamId("default", "dmitriy")));
    }

    [Fact]
    public void The_retrospective_schema_names_exactly_the_fields_the_report_parser_accepts()
    {
        var full = """
            {"taskId":"R-1","title":"t","description":"d","completedAt":"2026-03-03T17:40:00Z","durationMinutes":5,"outcome":"success",
             "errorsFixed":1,"tags":["a"],"case":true,"metrics":{"errors_count":0},"usedItems":["knowledge-94ed816b1825"],
             "participants":[{"expert":"igor","name":"Игорь","role":"Dev","outcome":"partial","errorsFixed":0,"whatWorked":["w"],
               "whatToImprove":["i"],"newKnowledge":["n"],"problems":[{"problem":"p","solution":"s"}],"materials":["m"],"practicesApplied":["x"]}]}
            """;
        Assert.Equal("R-1", ReportParser.Parse(full, "test", ReportLimits.Default).TaskId);
        var schema = JsonDocument.Parse(RetrospectivePrompt.Schema).RootElement.GetProperty("properties");
        var example = JsonDocument.Parse(full).RootElement;
        Assert.Equal(example.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal), schema.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(example.GetProperty("participants")[0].EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal),
            schema.GetProperty("participants").GetProperty("items").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }
}
