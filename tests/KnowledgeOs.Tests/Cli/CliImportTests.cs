using System.Text.Json;
using KnowledgeOs.Tests.Import;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

public sealed class CliImportTests : IDisposable
{
    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Import_prints_a_report_per_file_and_the_knowledge_base_renders()
    {
        var run = await Kos.RunAsync("import", ImportFiles.Samples, "--data", Db);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("svetlana_knowledge.md", run.Out, StringComparison.Ordinal);
        Assert.Contains("svetlana: Светлана (QA Engineer)", run.Out, StringComparison.Ordinal);
        Assert.Contains("импортировано файлов: 3, уже импортировано (без изменений): 0, с ошибками: 0", run.Out, StringComparison.Ordinal);
        Assert.Contains("незнакомые разделы сохранены как есть в «Прочее»: «📈 Результаты:»", run.Out, StringComparison.Ordinal);
        // The note wraps at the console's width.
        Assert.Contains("(те же слова в другом порядке)", System.Text.RegularExpressions.Regex.Replace(run.Out, @"\s+", " "), StringComparison.Ordinal);
        var render = await Kos.RunAsync("render", "svetlana", "--data", Db);
        Assert.Equal(0, render.ExitCode);
        Assert.Contains("- Agile Testing - Lisa Crispin", render.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_import_of_the_same_files_changes_nothing()
    {
        await Kos.RunAsync("import", ImportFiles.Samples, "--data", Db);
        var history = (await Kos.RunAsync("history", "svetlana", "--data", Db, "--json")).Out;
        var again = await Kos.RunAsync("import", ImportFiles.Samples, "--data", Db);

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("импортировано файлов: 0, уже импортировано (без изменений): 3", again.Out, StringComparison.Ordinal);
        Assert.Equal(history, (await Kos.RunAsync("history", "svetlana", "--data", Db, "--json")).Out);
    }

    [Fact]
    public async Task Dry_run_reports_and_writes_nothing()
    {
        var run = await Kos.RunAsync("import", ImportFiles.Samples, "--data", Db, "--dry-run", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.True(json.RootElement.GetProperty("dryRun").GetBoolean());
        Assert.Equal(3, json.RootElement.GetProperty("files").GetArrayLength());
        Assert.Contains(json.RootElement.GetProperty("files").EnumerateArray(), f => f.GetProperty("items").TryGetProperty("book", out var n) && n.GetInt32() == 3);
        var list = await Kos.RunAsync("expert", "list", "--data", Db, "--json");
        Assert.DoesNotContain("svetlana", list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dry_run_counts_the_events_the_real_run_writes_per_file_even_when_two_files_are_one_expert()
    {
        static Dictionary<string, int> EventsPerFile(string json) =>
            JsonDocument.Parse(json).RootElement.GetProperty("files").EnumerateArray()
                .ToDictionary(f => Path.GetFileName(f.GetProperty("path").GetString()!), f => f.GetProperty("events").GetInt32());

        var dry = await Kos.RunAsync("import", ImportFiles.Samples, "--data", Db, "--dry-run", "--json");
        var real = await Kos.RunAsync("import", ImportFiles.Samples, "--data", Db, "--json");

        Assert.Equal(0, real.ExitCode);
        Assert.Equal(EventsPerFile(real.Out), EventsPerFile(dry.Out));
    }

    [Fact]
    public async Task A_bad_file_fails_with_exit_code_2_and_the_good_ones_still_import()
    {
        var folder = Path.Combine(_dir.Path, "in");
        _dir.Write("in/kate_knowledge.md", ImportFiles.SampleText("kate_knowledge.md"));
        _dir.Write("in/broken_knowledge.md", "## Нет заголовка\n\n- пункт\n");

        var run = await Kos.RunAsync("import", folder, "--data", Db);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("broken_knowledge.md: No title line", run.Out, StringComparison.Ordinal);
        Assert.Contains("1 file imported", run.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await Kos.RunAsync("render", "kate", "--data", Db)).ExitCode);
    }

    [Fact]
    public async Task Import_without_a_path_is_a_usage_error()
    {
        var run = await Kos.RunAsync("import", "--data", Db);
        Assert.Equal(1, run.ExitCode);
    }
}
