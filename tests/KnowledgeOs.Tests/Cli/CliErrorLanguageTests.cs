using System.Reflection;
using System.Text.RegularExpressions;
using KnowledgeOs.Rendering;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary>
/// Issue #14: the domain's errors a person can hit carry a code and arguments and are worded in Russian where a
/// Russian reader sees them (the CLI's error line with <c>--lang ru</c> or once the command knows its team is Russian);
/// English stays the error's own message.
/// </summary>
public sealed class CliErrorLanguageTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_unknown_expert_or_item_is_worded_in_russian_with_lang_ru_and_in_english_with_lang_en()
    {
        var db = _dir.File("kos.db");
        Assert.Equal(0, (await Kos.RunAsync("demo", "--data", db, "--json")).ExitCode);

        var ru = await Kos.RunAsync("render", "nobody", "--lang", "ru", "--data", db);
        Assert.Equal(4, ru.ExitCode);
        Assert.Contains("error: В команде «default» нет эксперта «nobody».", ru.Error, StringComparison.Ordinal);
        var en = await Kos.RunAsync("render", "nobody", "--lang", "en", "--data", db);
        Assert.Contains("error: Team 'default' has no expert 'nobody'.", en.Error, StringComparison.Ordinal);

        var item = await Kos.RunAsync("item", "confirm", "dmitriy", "zzzz", "--lang", "ru", "--data", db);
        Assert.Contains("error: У dmitriy нет записи «zzzz».", item.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_russian_team_s_bad_report_is_reported_in_russian_naming_the_file_the_line_and_the_field()
    {
        var db = _dir.File("kos.db");
        Assert.Equal(0, (await Kos.RunAsync("demo", "--data", db, "--json")).ExitCode);
        var broken = _dir.Write("broken.json", "{\n  \"taskId\": \"T-1\",\n  \"title\": \n}\n");
        var badOutcome = _dir.Write("outcome.json", """
            { "taskId": "T-2", "completedAt": "2026-03-02T14:00:00Z",
              "participants": [ { "expert": "ivan", "outcome": "great" } ] }
            """);
        var badDate = _dir.Write("date.json", """
            { "taskId": "T-3", "completedAt": "yesterday", "participants": [ { "expert": "ivan", "outcome": "success" } ] }
            """);

        var run = await Kos.RunAsync("learn", broken, badOutcome, badDate, "--data", db);

        Assert.Equal(2, run.ExitCode);
        var all = run.Out + run.Error;
        Assert.Contains($"{broken}: неверный JSON в строке 4", all, StringComparison.Ordinal);
        Assert.Contains($"{badOutcome}: в поле «participants[0].outcome» неизвестный исход «great»", all, StringComparison.Ordinal);
        Assert.Contains($"{badDate}: поле «completedAt»: «yesterday» — не дата и время со смещением", all, StringComparison.Ordinal);
        Assert.DoesNotContain("not valid JSON", all, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown outcome", all, StringComparison.Ordinal);

        var absent = _dir.File("absent.json");
        var missing = await Kos.RunAsync("learn", absent, "--lang", "ru", "--data", db);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains($"error: {absent}: нет такого файла или папки.", missing.Error, StringComparison.Ordinal);
    }

    // Every code a throw site in src gives (ErrorCodes.X) and every code declared is worded in Russian, with no English
    // word but the arguments it is given and commands.
    [Fact]
    public void Every_error_code_thrown_in_src_has_a_russian_wording()
    {
        var declared = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);
        var used = Directory.GetFiles(Path.Combine(Repo.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"\bErrorCodes\.(\w+)").Select(m => m.Groups[1].Value))
            .Distinct().ToList();
        Assert.True(used.Count >= 8, string.Join(", ", used));
        Assert.All(used, name => Assert.True(declared.ContainsKey(name), $"ErrorCodes.{name} is not declared"));
        var failures = new List<string>();
        foreach (var (name, code) in declared)
        {
            var ru = ErrorLabels.Ru(code, ["арг", "арг", "арг"]);
            if (ru is null) { failures.Add($"{name}: no Russian wording"); continue; }
            foreach (Match m in Regex.Matches(ru.Replace("kos keys list", "", StringComparison.Ordinal).Replace("JSON", "", StringComparison.Ordinal), "[A-Za-z]{2,}"))
                if (m.Value is not ("ru" or "en")) failures.Add($"{name}: '{m.Value}' in «{ru}»");
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        var error = KnowledgeOs.NotFoundException.Expert("demo", "ann");
        Assert.Equal("Team 'demo' has no expert 'ann'.", ErrorLabels.Text(error, RenderLanguage.En));
        Assert.Equal("В команде «demo» нет эксперта «ann».", ErrorLabels.Text(error, RenderLanguage.Ru));
        Assert.Null(ErrorLabels.Text(new KnowledgeOs.InputException("not coded"), RenderLanguage.Ru));
    }
}
