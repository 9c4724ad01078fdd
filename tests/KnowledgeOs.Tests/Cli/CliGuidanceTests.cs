using System.Text.Json;
using KnowledgeOs.Rendering;
using KnowledgeOs.Tests.Api;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary><c>kos guidance</c>: the marked block in any Markdown file, text outside untouched, re-runs byte-identical, and its HTTP read.</summary>
public sealed class CliGuidanceTests : IAsyncLifetime
{
    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    public async Task InitializeAsync() => Assert.Equal(0, (await Kos.RunAsync("demo", "--data", Db, "--json")).ExitCode);

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    private async Task LearnAsync(string taskId, string knowledge)
    {
        var report = _dir.File(taskId + ".json");
        await File.WriteAllTextAsync(report, JsonSerializer.Serialize(Mcp.McpHttpTests.Report(taskId, "dmitriy", knowledge)));
        Assert.Equal(0, (await Kos.RunAsync("learn", report, "--data", Db)).ExitCode);
    }

    [Fact]
    public async Task The_block_goes_into_the_file_text_outside_stays_and_a_rerun_with_nothing_new_changes_no_byte()
    {
        var agents = _dir.File("AGENTS.md");
        const string before = "# Our agents\r\n\r\nHand-written rules stay.\r\n";
        const string after = "\r\n## Footer\r\nAlso stays.\r\n";
        await File.WriteAllTextAsync(agents, before);
        Assert.Equal(0, (await Kos.RunAsync("guidance", "dmitriy", "--out", agents, "--data", Db)).ExitCode);
        await File.AppendAllTextAsync(agents, after);
        var first = await File.ReadAllBytesAsync(agents);
        var text = await File.ReadAllTextAsync(agents);
        Assert.StartsWith(before, text, StringComparison.Ordinal);
        Assert.EndsWith(GuidanceBlock.End + "\n" + after, text, StringComparison.Ordinal);
        Assert.Contains(GuidanceBlock.Begin("dmitriy"), text, StringComparison.Ordinal);
        Assert.Matches(@"log position \d+ \(recorded ", text);

        var again = await Kos.RunAsync("guidance", "dmitriy", "--out", agents, "--data", Db, "--json");
        Assert.False(JsonDocument.Parse(again.Out).RootElement[0].GetProperty("changed").GetBoolean());
        Assert.Equal(first, await File.ReadAllBytesAsync(agents));

        // New evidence: the block alone changes; the text around it is byte for byte the same.
        await LearnAsync("GUIDE-1", "Outbox rows are deleted only after the broker acknowledges");
        Assert.Equal(0, (await Kos.RunAsync("guidance", "dmitriy", "--out", agents, "--data", Db)).ExitCode);
        var updated = await File.ReadAllTextAsync(agents);
        Assert.Contains("Outbox rows are deleted only after the broker acknowledges", updated, StringComparison.Ordinal);
        Assert.StartsWith(before, updated, StringComparison.Ordinal);
        Assert.EndsWith(GuidanceBlock.End + "\n" + after, updated, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(updated, "kos:begin dmitriy"));
    }

    [Fact]
    public async Task All_writes_one_file_per_active_expert_and_the_HTTP_read_gives_the_same_block()
    {
        var rules = Path.Combine(_dir.Path, ".cursor", "rules");
        var run = await Kos.RunAsync("guidance", "--all", "--dir", rules, "--ext", ".mdc", "--data", Db, "--json");
        Assert.Equal(0, run.ExitCode);
        var files = JsonDocument.Parse(run.Out).RootElement.EnumerateArray().Select(f => Path.GetFileName(f.GetProperty("file").GetString())).ToList();
        Assert.Contains("dmitriy.mdc", files);
        Assert.Equal(files.Order(StringComparer.Ordinal), Directory.GetFiles(rules).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        await using var server = await ApiServer.StartAsync(ApiServer.Options(Db));
        var block = await server.Client.GetStringAsync("api/v1/teams/default/experts/dmitriy/guidance.md");
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(rules, "dmitriy.mdc")), block);
    }

    [Fact]
    public void A_file_with_a_start_marker_and_no_end_is_refused_not_rewritten()
    {
        var error = Assert.Throws<InputException>(() => GuidanceBlock.Merge("x\n" + GuidanceBlock.Begin("igor") + "\nhalf", "igor", "block"));
        Assert.Equal("out", error.Field);
    }
}
