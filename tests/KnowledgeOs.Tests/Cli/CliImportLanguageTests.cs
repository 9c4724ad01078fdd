using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary>
/// Issue #14: the importer's own warnings, its repair note and the look-alike reasons are worded in the team's language
/// (<c>--lang</c> overrides it), in the notes and in <c>--json</c>'s human text; <c>--json</c> keeps a machine <c>code</c>.
/// </summary>
public sealed partial class CliImportLanguageTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    // The sentences the importer used to write in English (its own words, not the documents' data).
    [GeneratedRegex(@"\b(kept in other|is used|cannot read|mojibake|repaired|same words in another order|one word apart|is ignored|no sub-section|is empty|items are dated|kept as|appears again|not imported|another expert is also named|the title names|no such file|symlink|learning program title|has no day|no creation date|no priority|unknown status|is kept as one item|with no problem before it|dated with the document)\b")]
    private static partial Regex EnglishImporterWords();

    private string Atra()
    {
        // The seed (mojibake) and a few ATRA documents, among them the two experts named "Елена".
        var folder = Directory.CreateDirectory(_dir.File("docs")).FullName;
        File.Copy(Path.Combine(Repo.Fixtures!, "seed", "000_fca2fb1c87cc6f7d.txt"), Path.Combine(folder, "000_fca2fb1c87cc6f7d.txt"));
        foreach (var f in Directory.GetFiles(Path.Combine(Repo.Fixtures!, "atra", "knowledge"), "*_knowledge.md"))
            File.Copy(f, Path.Combine(folder, Path.GetFileName(f)));
        return folder;
    }

    [SkippableFact]
    public async Task Import_notes_of_a_russian_team_have_no_english_sentence()
    {
        Skip.If(Repo.Fixtures is null, Repo.FixturesAbsent);
        var folder = Atra();
        var db = _dir.File("kos.db");
        var run = await Kos.RunAsync("import", folder, "--dry-run", "--data", db);
        Assert.True(run.ExitCode == 0, run.Error);
        var notes = run.Out.Split('\n').Where(l => l.StartsWith("замечание", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(notes);
        Assert.Contains(notes, n => n.Contains("кракозябры", StringComparison.Ordinal));
        // A note wraps at the console's width: the whole output is checked, not only the lines a note starts on.
        var stray = EnglishImporterWords().Matches(run.Out).Select(m => m.Value).ToList();
        Assert.True(stray.Count == 0, string.Join('\n', stray) + "\n" + run.Out);

        var english = await Kos.RunAsync("import", folder, "--dry-run", "--lang", "en", "--data", db);
        Assert.Contains("mojibake repaired", english.Out, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Import_json_words_its_human_text_in_the_team_language_beside_a_stable_code()
    {
        Skip.If(Repo.Fixtures is null, Repo.FixturesAbsent);
        var folder = Atra();
        var db = _dir.File("kos.db");
        var run = await Kos.RunAsync("import", folder, "--dry-run", "--json", "--data", db);
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        var texts = new List<string>();
        var codes = new List<string>();
        foreach (var file in json.RootElement.GetProperty("files").EnumerateArray())
        {
            if (file.TryGetProperty("repair", out var repair) && repair.ValueKind == JsonValueKind.String) texts.Add(repair.GetString()!);
            foreach (var w in file.GetProperty("warnings").EnumerateArray())
            {
                texts.Add(w.GetProperty("message").GetString()!);
                codes.Add(w.GetProperty("code").GetString()!);
            }
            foreach (var s in file.GetProperty("suggestions").EnumerateArray())
            {
                texts.Add(s.GetProperty("reason").GetString()!);
                codes.Add(s.GetProperty("reasonCode").GetString()!);
            }
        }
        Assert.NotEmpty(texts);
        Assert.DoesNotContain(codes, string.IsNullOrEmpty);
        var stray = texts.Where(t => EnglishImporterWords().IsMatch(t)).ToList();
        Assert.True(stray.Count == 0, string.Join('\n', stray));
    }

    [SkippableFact]
    public async Task An_item_the_importer_refuses_is_noted_with_its_reason_in_the_team_language()
    {
        Skip.If(Repo.Fixtures is null, Repo.FixturesAbsent);
        // An ATRA document with one list item over the text limit: the item is refused, the rest imported.
        var source = Directory.GetFiles(Path.Combine(Repo.Fixtures!, "atra", "knowledge"), "*_knowledge.md").Order(StringComparer.Ordinal).First();
        var lines = File.ReadAllLines(source).ToList();
        lines.Insert(lines.FindIndex(l => l.StartsWith("- ", StringComparison.Ordinal)) + 1, "- " + new string('а', 10_050));
        var folder = Directory.CreateDirectory(_dir.File("long")).FullName;
        await File.WriteAllLinesAsync(Path.Combine(folder, Path.GetFileName(source)), lines);
        var db = _dir.File("kos.db");

        var run = await Kos.RunAsync("import", folder, "--dry-run", "--data", db);
        Assert.True(run.ExitCode == 0, run.Error);
        // A note wraps at the console's width: compare with the whitespace collapsed.
        var flat = Regex.Replace(run.Out, @"\s+", " ");
        Assert.Contains("не импортирована", flat, StringComparison.Ordinal);
        Assert.Contains("знаков, а предел", flat, StringComparison.Ordinal);
        Assert.DoesNotContain("characters; the limit", flat, StringComparison.Ordinal);

        var english = await Kos.RunAsync("import", folder, "--dry-run", "--lang", "en", "--data", db);
        Assert.Contains("item not imported: Text is 10,050 characters; the limit is 10,000.", Regex.Replace(english.Out, @"\s+", " "), StringComparison.Ordinal);
    }

    // Every warning code the importer makes (a quoted kebab-case word in its sources) is worded in Russian, with no
    // English word but the arguments it is given.
    [Fact]
    public void Every_warning_code_of_the_importer_has_a_russian_wording()
    {
        var sources = Directory.GetFiles(Path.Combine(Repo.Root, "src", "KnowledgeOs", "Import"), "*.cs", SearchOption.AllDirectories)
            .Concat([Path.Combine(Repo.Root, "src", "KnowledgeOs", "Application", "ImportPaths.cs")])
            .Where(f => !f.EndsWith("NearDuplicates.cs", StringComparison.Ordinal));
        var codes = sources.SelectMany(f => Regex.Matches(File.ReadAllText(f), "\"([a-z]+(?:-[a-z]+)+)\"").Select(m => m.Groups[1].Value))
            .Append("namesake").Distinct().ToList();
        Assert.True(codes.Count >= 20, string.Join(", ", codes));
        var failures = new List<string>();
        foreach (var code in codes)
        {
            var w = KnowledgeOs.Import.ImportWarning.Of(3, "the English message", code, "арг", "арг", "арг", "арг", "арг");
            var ru = KnowledgeOs.Rendering.CliLabels.Ru.ImportWarning(w);
            if (ru.Contains("English", StringComparison.Ordinal)) failures.Add($"{code}: not worded");
            foreach (Match m in Regex.Matches(ru, "[A-Za-z]{2,}"))
                if (m.Value is not ("HTML")) failures.Add($"{code}: '{m.Value}' in «{ru}»");
            Assert.Equal("line 3: the English message", KnowledgeOs.Rendering.CliLabels.En.ImportWarning(w));
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal("те же слова в другом порядке", KnowledgeOs.Rendering.CliLabels.Ru.LookAlikeReason("reordered"));
        Assert.Equal(KnowledgeOs.Import.NearDuplicates.OneWordApart, KnowledgeOs.Rendering.CliLabels.En.LookAlikeReason("one-word-apart"));
    }
}
