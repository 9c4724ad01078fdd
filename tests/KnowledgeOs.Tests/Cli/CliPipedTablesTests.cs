using System.Diagnostics;
using System.Text.Json;
using KnowledgeOs.Cli.Infrastructure;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary>Tables as a pipe receives them from the real process: at <c>$COLUMNS</c>, ids and dates whole.</summary>
public sealed class CliPipedTablesTests : IDisposable
{
    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    [Fact]
    public async Task A_piped_table_follows_COLUMNS_and_never_breaks_an_id_or_a_date()
    {
        Assert.Equal(0, (await Kos.RunAsync("demo", "--data", Db, "--json")).ExitCode);
        var items = JsonDocument.Parse((await Kos.RunAsync("history", "ivan", "--data", Db, "--json")).Out).RootElement.EnumerateArray().ToList();

        var table = await PipedAsync(120, "history", "ivan", "--data", Db);
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.True(l.Length <= 120, $"wider than $COLUMNS: {l}"));
        Assert.Contains(lines, l => l.Length > 80);
        foreach (var item in items)
        {
            Assert.Contains(item.GetProperty("itemId").GetString()!, table, StringComparison.Ordinal);
            Assert.Contains(item.GetProperty("firstAt").GetString()![..10], table, StringComparison.Ordinal);
        }

        var experts = await PipedAsync(130, "expert", "list", "--data", Db);
        Assert.Contains("Backend Developer", experts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_narrow_expert_table_keeps_whole_roles_and_dates_and_leaves_out_priority_status_counts_and_level()
    {
        Assert.Equal(0, (await Kos.RunAsync("demo", "--data", Db, "--json")).ExitCode);
        var narrow = await PipedAsync(80, "expert", "list", "--data", Db, "--lang", "en");
        var lines = narrow.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"wider than $COLUMNS: {l}"));
        Assert.Contains("last task", narrow, StringComparison.Ordinal);
        Assert.Matches(@"\d{4}-\d{2}-\d{2}", narrow);
        Assert.Contains("Risk Manager", narrow, StringComparison.Ordinal);
        Assert.DoesNotContain("prio", narrow, StringComparison.Ordinal);
        var russian = await PipedAsync(80, "expert", "list", "--data", Db);
        Assert.All(russian.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.True(l.Length <= 80, $"wider than $COLUMNS: {l}"));
        Assert.Contains("Backend Developer", russian, StringComparison.Ordinal);
        Assert.Contains("посл. задача", russian, StringComparison.Ordinal);

        var wide = await PipedAsync(140, "expert", "list", "--data", Db, "--lang", "en");
        Assert.Contains("prio", wide, StringComparison.Ordinal);
        Assert.Contains("level", wide, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_large_learn_run_prints_its_counts_then_the_first_errors_not_a_row_per_file()
    {
        var files = ReportBatch.TableLimit + 10;
        for (var i = 0; i < files; i++)
        {
            _dir.Write($"reports/r{i:D3}.json", i % 4 == 0 ? "{ broken" : $$"""
                { "taskId": "L-{{i}}", "title": "Task {{i}}", "completedAt": "2026-03-01T10:00:{{i % 60:D2}}Z", "outcome": "success",
                  "participants": [ { "expert": "anna", "name": "Анна", "role": "QA Engineer", "newKnowledge": ["Fact {{i}}"] } ] }
                """);
        }
        var bad = (files + 3) / 4;

        var run = await Kos.RunAsync("learn", _dir.File("reports"), "--onboard", "--data", Db);

        Assert.Equal(ExitCodes.Input, run.ExitCode);
        Assert.DoesNotContain("r001.json", run.Out, StringComparison.Ordinal);
        Assert.Contains($"{files - bad} learned, 0 already known (no change), {bad} with errors", run.Out, StringComparison.Ordinal);
        Assert.Equal(ReportBatch.ErrorLimit, run.Out.Split('\n').Count(l => l.StartsWith("error ", StringComparison.Ordinal)));
        Assert.Contains($"… and {bad - ReportBatch.ErrorLimit} more errors", run.Out, StringComparison.Ordinal);
    }

    private static async Task<string> PipedAsync(int columns, params string[] args)
    {
        var start = KosProcess.Start(args, new Dictionary<string, string?> { ["COLUMNS"] = columns.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await error);
        return await output;
    }

    /// <inheritdoc/>
    public void Dispose() => _dir.Dispose();
}
