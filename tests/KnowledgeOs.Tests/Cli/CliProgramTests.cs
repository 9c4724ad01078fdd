using System.Text.Json;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Cli;

public sealed class CliProgramTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));

    private string Db => _dir.File("kos.db");

    private Task<KosRun> Kos(params string[] args) => Support.Kos.RunAsync(_time, [.. args, "--data", Db, "--team", "demo"]);

    private async Task LoadStoryInTwoWeeks()
    {
        Assert.Equal(0, (await Kos("onboard", Path.Combine(Repo.Samples, "team.json"))).ExitCode);
        var reports = Directory.GetFiles(Path.Combine(Repo.Samples, "reports"), "*.json").Order(StringComparer.Ordinal).ToList();
        foreach (var r in reports.Take(4)) Assert.Equal(0, (await Kos("learn", r)).ExitCode);
        _time.Advance(TimeSpan.FromDays(8));
        foreach (var r in reports.Skip(4)) Assert.Equal(0, (await Kos("learn", r)).ExitCode);
    }

    [Fact]
    public async Task Progress_ranks_the_team_and_measures_the_change_against_the_state_recorded_a_week_before()
    {
        await LoadStoryInTwoWeeks();
        var run = await Kos("progress", "--json");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(5, rows.Count);
        Assert.Equal(Enumerable.Range(1, 5), rows.Select(r => r.GetProperty("rank").GetInt32()));
        foreach (var row in rows)
        {
            var progress = row.GetProperty("progress").GetInt32();
            Assert.InRange(progress, 0, 100);
            // Everyone was onboarded in the first week, so everyone has a change, and nobody lost evidence.
            Assert.InRange(row.GetProperty("change").GetInt32(), 0, progress);
        }
        Assert.Contains(rows, r => r.GetProperty("change").GetInt32() > 0);

        // The sample team writes Russian, so the table does too without --lang; --lang en switches it.
        var table = await Kos("progress");
        Assert.Contains("изменение (7 дн.)", table.Out);
        Assert.DoesNotContain("change (7 d)", table.Out);
        Assert.Contains("Дмитрий (dmitriy)", table.Out);
        Assert.Contains("change (7 d)", (await Kos("progress", "--lang", "en")).Out);
        var bad = await Kos("progress", "--lang", "de");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("--lang", bad.Out + bad.Error);
    }

    [Fact]
    public async Task Program_prints_the_atra_layout_and_its_json_says_which_evidence_ticked_each_item()
    {
        await LoadStoryInTwoWeeks();
        var md = await Kos("program", "dmitriy");
        Assert.Equal(0, md.ExitCode);
        Assert.StartsWith("# 🎓 ПРОГРАММА ОБУЧЕНИЯ: Дмитрий (Backend Developer)", md.Out);
        Assert.Contains("- [x] Designing Data-Intensive Applications — ✔ книга «Designing Data-Intensive Applications» — Martin Kleppmann в изученных материалах (task:ORB-101)", md.Out);

        var json = await Kos("program", "dmitriy", "--json", "--lang", "en");
        using var doc = JsonDocument.Parse(json.Out);
        var items = doc.RootElement.GetProperty("items").EnumerateArray().ToList();
        var done = items.Count(i => i.GetProperty("holds").GetBoolean());
        Assert.Equal(done, doc.RootElement.GetProperty("done").GetInt32());
        Assert.All(items.Where(i => !i.GetProperty("holds").GetBoolean()), i => Assert.False(string.IsNullOrEmpty(i.GetProperty("toClose").GetString())));
        Assert.Equal(done * 100 / items.Count, doc.RootElement.GetProperty("progress").GetInt32());
    }

    [Fact]
    public async Task Team_prints_the_team_document_and_draws_the_pictures()
    {
        await LoadStoryInTwoWeeks();
        var svg = _dir.File("svg");
        var run = await Kos("team", "--svg", svg);
        Assert.Equal(0, run.ExitCode);
        // Without --lang: the team's language, Russian for the sample team.
        Assert.Contains("# 👥 ЗНАНИЯ КОМАНДЫ: demo", run.Out);
        Assert.Contains("## ✅ САМЫЕ ПОДТВЕРЖДЁННЫЕ ПРАКТИКИ", run.Out);
        Assert.DoesNotContain("Team knowledge", run.Out);
        var en = await Kos("team", "--lang", "en");
        Assert.Contains("# 👥 Team knowledge: demo", en.Out);
        Assert.Contains("## ✅ Most confirmed practices", en.Out);
        Assert.True(File.Exists(Path.Combine(svg, "skill-matrix.svg")));
        Assert.True(File.Exists(Path.Combine(svg, "progress.svg")));
        using var doc = JsonDocument.Parse((await Kos("team", "--json")).Out);
        Assert.Equal(5, doc.RootElement.GetProperty("members").GetInt32());
        Assert.NotEmpty(doc.RootElement.GetProperty("skillMatrix").GetProperty("topics").EnumerateArray());
    }

    [Fact]
    public async Task A_template_folder_with_an_unknown_rule_fails_naming_the_file_and_the_item()
    {
        Assert.Equal(0, (await Kos("onboard", Path.Combine(Repo.Samples, "team.json"))).ExitCode);
        var templates = _dir.File("templates");
        Directory.CreateDirectory(templates);
        File.WriteAllText(Path.Combine(templates, "qa-engineer.json"),
            File.ReadAllText(Path.Combine(Repo.Root, "templates", "programs", "qa-engineer.json")).Replace("book:xUnit Test Patterns", "booklet:xUnit Test Patterns"));
        var run = await Kos("program", "mariya-qa", "--templates", templates, "--lang", "en");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("qa-engineer.json: item «xUnit Test Patterns»", run.Error);
        var russian = await Kos("program", "mariya-qa", "--templates", templates);
        Assert.Contains("qa-engineer.json: поле «stages[", russian.Error);
        Assert.Contains("» пункта «xUnit Test Patterns»: правило подтверждения не читается.", russian.Error);
        Assert.Contains("unknown evidence rule 'booklet:xUnit Test Patterns'", run.Error);
    }

    public void Dispose() => _dir.Dispose();
}
