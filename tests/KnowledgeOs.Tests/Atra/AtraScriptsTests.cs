using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeOs.Tests.Import;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Atra;

/// <summary>
/// ATRA's own scripts run on our output (docs/PROGRAMS.md, docs/IMPORT.md): their progress checker accepts a
/// <c>kos export</c> as it accepted their files, and their padding script, run over the export and imported back, changes
/// no figure computed from evidence — what it typed in is kept as that file's claims, once.
/// </summary>
public sealed partial class AtraScriptsTests : IDisposable
{
    /// <summary>The 22 people as ATRA's checker names them (written here, not read from the fixtures).</summary>
    private static readonly string[] People =
    [
        "Виктория", "Дмитрий", "Игорь", "Сергей", "Анна", "Максим", "Елена", "Алексей", "Павел", "Мария", "Роман",
        "Ольга", "Татьяна", "Екатерина", "Андрей", "София", "Никита", "Дарья", "Марина", "Юлия", "Артем", "Анастасия",
    ];

    /// <summary>The checker's sixteen criteria all met: 15 + 5 + 20 + 30 + 10 + 5 (knowledge base, responsibility,
    /// materials, knowledge, metrics, best practices) + 10 + 10 (program exists, filled) + 15 + 10 + 10 (advanced
    /// materials, cases, expert level) + 15 + 10 + 10 + 10 + 10 (innovations, publications, mentorship, awards, maximum level).</summary>
    private const double EverySection = 195.0;

    /// <summary>What the checker gives for a program: exists 10, filled 10, expert level 10, maximum level 10.</summary>
    private const double ProgramShare = 40.0;

    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    [SkippableFact]
    public async Task ATRA_s_checker_finds_all_22_experts_in_our_export_with_every_section_it_scores()
    {
        await ImportAsync(Db, ImportFiles.Knowledge().Concat(ImportFiles.Programs()).ToArray());
        var exported = await ExportAsync(Db, "export");

        var rows = AtraScripts.Rows(await AtraScripts.RunAsync(AtraScripts.Checker, AtraScripts.LayOut(exported)));

        // 195.0 is every criterion at once, "knowledge base exists" and "program exists" among them: nobody is missing a file or a section.
        Assert.Equal(People.Order(StringComparer.Ordinal), rows.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(EverySection, r.Percent));
    }

    [SkippableFact]
    public async Task ATRA_s_checker_scores_what_our_export_holds_a_base_without_its_program_loses_the_program_s_share()
    {
        var knowledge = ImportFiles.Knowledge();
        var programs = ImportFiles.Programs();
        await ImportAsync(Db, knowledge.Single(f => f.EndsWith("/igor_knowledge.md", StringComparison.Ordinal)),
            knowledge.Single(f => f.EndsWith("/anastasiya_knowledge.md", StringComparison.Ordinal)),
            programs.Single(f => f.EndsWith("/anastasiya_program.md", StringComparison.Ordinal)));
        var exported = await ExportAsync(Db, "export");

        var rows = AtraScripts.Rows(await AtraScripts.RunAsync(AtraScripts.Checker, AtraScripts.LayOut(exported))).ToDictionary(r => r.Name, r => r.Percent);

        // Worked out from the script's rules: Igor has every knowledge-base criterion and no program; the 20 others no file at all.
        Assert.Equal(22, rows.Count);
        Assert.Equal(EverySection, rows["Анастасия"]);
        Assert.Equal(EverySection - ProgramShare, rows["Игорь"]);
        Assert.All(rows.Where(r => r.Key is not ("Анастасия" or "Игорь")), r => Assert.Equal(0.0, r.Value));
    }

    [SkippableFact]
    public async Task ATRA_s_padding_script_run_over_our_export_changes_no_evidenced_figure_and_its_figures_come_back_as_claims_once()
    {
        await ImportAsync(Db, ImportFiles.Knowledge().Concat(ImportFiles.Programs()).ToArray());
        // Tasks, so that task counts, successes and confirmations are not all zero.
        await LearnAsync(Db, Retrospective("ATRA-PAD-1", "Игорь", "Backend Developer"), Retrospective("ATRA-PAD-2", "Игорь", "Backend Developer"),
            Retrospective("ATRA-PAD-3", "Анастасия", "Product Manager"));
        var before = await FiguresAsync(Db);
        Assert.Equal(2, before["igor"].GetProperty("metrics").GetProperty("tasksCompleted").GetInt32());
        Assert.True(before["igor"].GetProperty("metrics").GetProperty("knowledgeReconfirmed").GetInt32() > 0);

        var exported = AtraScripts.LayOut(await ExportAsync(Db, "export"));
        var padded = Path.Combine(_dir.Path, "padded");
        CopyFolder(exported, padded);
        await AtraScripts.RunAsync(AtraScripts.Padding, padded);
        var typedIn = TypedIn(exported, padded);
        Assert.Equal(22, typedIn.Count);
        Assert.All(typedIn, t => Assert.NotEmpty(t.Value));
        Assert.Contains(typedIn["igor"], l => l.Contains("100+", StringComparison.Ordinal));

        // Into the same store: no evidenced figure moves; what the script typed is a claim of the padded file.
        await ImportAsync(Db, padded);
        AssertSameFigures(before, await FiguresAsync(Db));
        Assert.Equal(0, await ImportAsync(Db, padded));
        var again = await ExportAsync(Db, "again");
        var claims = Claims(Path.Combine(again, "default_export.json"));
        foreach (var (slug, lines) in typedIn)
        {
            var markdown = await File.ReadAllTextAsync(Path.Combine(again, $"{slug}_knowledge.md"));
            Assert.Equal(ComputedBlock(await File.ReadAllTextAsync(Path.Combine(exported, $"{slug}_knowledge.md"))), ComputedBlock(markdown));
            foreach (var line in lines)
            {
                var (label, value) = Field(line);
                Assert.Contains((label, value, $"import:{slug}_knowledge.md"), claims[slug]);
                Assert.True(Regex.Count(markdown, "^" + Regex.Escape(line) + "$", RegexOptions.Multiline) == 1, $"{slug}: '{line}' is not rendered once:\n{markdown}");
            }
        }

        // Into empty stores: the padded files give the figures the export gave, and a second import adds nothing.
        var plain = _dir.File("plain.db");
        var pad = _dir.File("padded.db");
        await ImportAsync(plain, exported);
        await ImportAsync(pad, padded);
        AssertSameFigures(await FiguresAsync(plain), await FiguresAsync(pad));
        Assert.Equal(0, await ImportAsync(pad, padded));
        var fresh = Claims(Path.Combine(await ExportAsync(pad, "fresh"), "default_export.json"));
        Assert.All(typedIn, t => Assert.All(t.Value, line =>
            Assert.Contains((Field(line).Label, Field(line).Value, $"import:{t.Key}_knowledge.md"), fresh[t.Key])));
    }

    /// <summary>Imports paths into a database; returns the events written.</summary>
    private static async Task<int> ImportAsync(string db, params string[] paths)
    {
        var run = await Kos.RunAsync(["import", .. paths, "--data", db, "--json"]);
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        using var report = JsonDocument.Parse(run.Out);
        return report.RootElement.GetProperty("files").EnumerateArray().Sum(f => f.GetProperty("events").GetInt32());
    }

    private async Task<string> ExportAsync(string db, string name)
    {
        var folder = _dir.File(name);
        var run = await Kos.RunAsync("export", "--out", folder, "--data", db);
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        return folder;
    }

    private async Task LearnAsync(string db, params string[] reports)
    {
        var folder = _dir.File("reports");
        for (var i = 0; i < reports.Length; i++) _dir.Write($"reports/{i}.json", reports[i]);
        var run = await Kos.RunAsync("learn", folder, "--data", db);
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
    }

    /// <summary>An ATRA retrospective (docs/AUTOMATIC_RETROSPECTIVES_SYSTEM.md of the fixtures); every one teaches the same thing, so the second confirms it.</summary>
    private static string Retrospective(string id, string name, string role) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["task_id"] = id,
        ["task_name"] = "Review " + id,
        ["task_description"] = "A week's incidents reviewed",
        ["completed_at"] = "2026-11-20T10:00:00Z",
        ["experts"] = new[]
        {
            new Dictionary<string, object>
            {
                ["name"] = name, ["role"] = role,
                ["what_worked"] = new[] { "Short feedback loops" },
                ["new_knowledge"] = new[] { "Idempotency keys make retried payments safe" },
            },
        },
        ["overall_success"] = true,
    });

    /// <summary>Per expert, what is computed from evidence: progress over the program and the metrics.</summary>
    private static async Task<Dictionary<string, JsonElement>> FiguresAsync(string db)
    {
        var progress = await Kos.RunAsync("progress", "--data", db, "--json");
        var experts = await Kos.RunAsync("expert", "list", "--data", db, "--json");
        Assert.True(progress.ExitCode == 0 && experts.ExitCode == 0, progress.Error + experts.Error);
        var rows = JsonDocument.Parse(progress.Out).RootElement.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("expert").GetString()!);
        return JsonDocument.Parse(experts.Out).RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("slug").GetString()!, e =>
        {
            var row = rows[e.GetProperty("slug").GetString()!];
            return JsonSerializer.SerializeToElement(new
            {
                metrics = e.GetProperty("metrics"),
                progress = row.GetProperty("progress"),
                done = row.GetProperty("done"),
                total = row.GetProperty("total"),
                level = row.GetProperty("level"),
            });
        });
    }

    private static void AssertSameFigures(Dictionary<string, JsonElement> expected, Dictionary<string, JsonElement> actual)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (slug, figures) in expected) Assert.Equal($"{slug}: {figures.GetRawText()}", $"{slug}: {actual[slug].GetRawText()}");
    }

    /// <summary>Per expert, the lines the padding script typed into the computed metrics (those the export did not have there).</summary>
    private static Dictionary<string, List<string>> TypedIn(string exported, string padded) =>
        Directory.GetFiles(padded, "*_knowledge.md").ToDictionary(
            f => Path.GetFileName(f)[..^"_knowledge.md".Length],
            f => ComputedBlock(File.ReadAllText(f)).Except(ComputedBlock(File.ReadAllText(Path.Combine(exported, Path.GetFileName(f))))).ToList());

    /// <summary>The metric lines under the renderer's "_Вычислено по записанным данным._" note, up to the claims or the rule.</summary>
    private static List<string> ComputedBlock(string markdown) =>
        markdown.Split('\n').SkipWhile(l => l != "_Вычислено по записанным данным._").Skip(1)
            .TakeWhile(l => !l.StartsWith("###", StringComparison.Ordinal) && l != "---").Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();

    private static (string Label, string Value) Field(string line)
    {
        var m = FieldLine().Match(line);
        Assert.True(m.Success, $"not a '- **Label:** value' line: {line}");
        return (m.Groups[1].Value, m.Groups[2].Value);
    }

    private static Dictionary<string, List<(string, string, string)>> Claims(string exportJson)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(exportJson));
        return doc.RootElement.GetProperty("experts").EnumerateArray().ToDictionary(e => e.GetProperty("slug").GetString()!,
            e => e.GetProperty("claims").EnumerateArray()
                .Select(c => (c.GetProperty("label").GetString()!, c.GetProperty("value").GetString()!, c.GetProperty("source").GetString()!)).ToList());
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [GeneratedRegex(@"^- \*\*(.+?):\*\* (.+)$")]
    private static partial Regex FieldLine();

    /// <inheritdoc/>
    public void Dispose() => _dir.Dispose();
}
