using KnowledgeOs.Server.Mcp;
using KnowledgeOs.Tests.Support;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace KnowledgeOs.Tests.Mcp;

/// <summary>Reads as of a time through <c>kos mcp</c> on stdio: the tools' <c>asOf</c> / <c>recordedAsOf</c> and the resources' query, one fold with the CLI.</summary>
public sealed class McpAsOfTests : IAsyncLifetime
{
    private const string Early = "Outbox rows are deleted only after the broker acknowledges";
    private const string Late = "Velocity limits are checked per card";
    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    public async Task InitializeAsync()
    {
        Assert.Equal(0, (await Kos.RunAsync("demo", "--data", Db, "--json")).ExitCode);
        foreach (var (id, date, text) in new[] { ("ASOF-1", "2026-03-01T10:00:00Z", Early), ("ASOF-2", "2026-03-20T10:00:00Z", Late) })
        {
            var report = _dir.File(id + ".json");
            await File.WriteAllTextAsync(report, $$"""
                {"taskId":"{{id}}","completedAt":"{{date}}","outcome":"success","participants":[{"expert":"dmitriy","newKnowledge":["{{text}}"]}]}
                """);
            Assert.Equal(0, (await Kos.RunAsync("learn", report, "--data", Db)).ExitCode);
        }
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    private static async Task<string> CallAsync(McpClient client, string tool, Dictionary<string, object?> args)
    {
        var result = await client.CallToolAsync(tool, args);
        Assert.NotEqual(true, result.IsError);
        return McpHttpTests.Text(result);
    }

    [Fact]
    public async Task Get_knowledge_and_context_pack_read_the_knowledge_as_it_was_at_a_time()
    {
        await using var client = await KosMcp.StartAsync(Db);

        var now = await CallAsync(client, "get_knowledge", new() { ["expert"] = "dmitriy" });
        var then = await CallAsync(client, "get_knowledge", new() { ["expert"] = "dmitriy", ["asOf"] = "2026-03-10" });
        Assert.Contains(Late, now, StringComparison.Ordinal);
        Assert.Contains(Early, then, StringComparison.Ordinal);
        Assert.DoesNotContain(Late, then, StringComparison.Ordinal);
        // The same fold as the CLI: the MCP answer is kos render's output at that time.
        var render = await Kos.RunAsync("render", "dmitriy", "--as-of", "2026-03-10", "--data", Db);
        Assert.Equal(render.Out.TrimEnd(), then.TrimEnd());

        var pack = new Dictionary<string, object?> { ["task"] = "velocity limits per card outbox broker", ["experts"] = new[] { "dmitriy" }, ["lang"] = "en" };
        Assert.Contains(Late, await CallAsync(client, "context_pack", pack), StringComparison.Ordinal);
        pack["asOf"] = "2026-03-10";
        var pastPack = await CallAsync(client, "context_pack", pack);
        Assert.Contains(Early, pastPack, StringComparison.Ordinal);
        Assert.DoesNotContain(Late, pastPack, StringComparison.Ordinal);

        // Everything above was recorded today: as recorded by 2000, dmitriy had nothing.
        var unrecorded = await client.CallToolAsync("get_knowledge", new Dictionary<string, object?> { ["expert"] = "dmitriy", ["recordedAsOf"] = "2000-01-01" });
        Assert.True(unrecorded.IsError);
        Assert.Contains("as recorded by", McpHttpTests.Text(unrecorded), StringComparison.Ordinal);
        var both = await client.CallToolAsync("get_knowledge", new Dictionary<string, object?> { ["expert"] = "dmitriy", ["asOf"] = "2026-03-10", ["recordedAsOf"] = "2026-03-10" });
        Assert.True(both.IsError);
        Assert.Contains("recordedAsOf", McpHttpTests.Text(both), StringComparison.Ordinal);
        var notADate = await client.CallToolAsync("context_pack", new Dictionary<string, object?> { ["task"] = "x", ["asOf"] = "yesterday" });
        Assert.True(notADate.IsError);
        Assert.Contains("(field: asOf)", McpHttpTests.Text(notADate), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_knowledge_resource_reads_as_of_a_time_from_its_query()
    {
        await using var client = await KosMcp.StartAsync(Db);
        var uri = KnowledgeResources.KnowledgeUri("default", "dmitriy");

        var then = ((TextResourceContents)(await client.ReadResourceAsync(uri + "?lang=en&asOf=2026-03-10")).Contents[0]).Text;
        Assert.StartsWith("# 📚 KNOWLEDGE BASE: Дмитрий", then, StringComparison.Ordinal);
        Assert.Contains(Early, then, StringComparison.Ordinal);
        Assert.DoesNotContain(Late, then, StringComparison.Ordinal);
        Assert.Contains(Late, ((TextResourceContents)(await client.ReadResourceAsync(uri + "?asOf=2026-03-21")).Contents[0]).Text, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAnyAsync<McpException>(() => client.ReadResourceAsync(uri + "?recordedAsOf=2000-01-01").AsTask());
        Assert.Contains("as recorded by", missing.Message, StringComparison.Ordinal);
    }
}
