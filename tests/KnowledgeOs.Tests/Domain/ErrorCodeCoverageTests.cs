using System.Text.RegularExpressions;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Domain;

/// <summary>
/// Issue #14: every domain error a person can hit carries a code (<see cref="ErrorCodes"/>) so it can be worded in
/// their language. This scans <c>src</c> for a domain exception made without one.
/// </summary>
public sealed partial class ErrorCodeCoverageTests
{
    // Files that still make domain errors without a code, each with the reason. The list only shrinks: a file that no
    // longer makes an uncoded error must leave it (the test says so), and a file not listed may make none.
    private static readonly Dictionary<string, string> Uncoded = new(StringComparer.Ordinal)
    {
        ["src/KnowledgeOs.Cli/Infrastructure/CliErrors.cs"] = "a NUL or half a surrogate pair in an argument: a program's mistake, no shell can type one",
    };

    [Fact]
    public void No_domain_error_is_made_without_a_code_outside_the_listed_files()
    {
        var found = UncodedSites();
        var unlisted = found.Where(s => !Uncoded.ContainsKey(s.File)).Select(s => $"{s.File}:{s.Line}: {s.Text}").ToList();
        Assert.True(unlisted.Count == 0, $"{unlisted.Count} domain errors made without a code (give each .WithCode(ErrorCodes.X, …) and a Russian wording in ErrorLabels):\n" + string.Join('\n', unlisted));
        var done = Uncoded.Keys.Where(f => found.All(s => s.File != f)).ToList();
        Assert.True(done.Count == 0, "These files make no uncoded error any more; take them off the list: " + string.Join(", ", done));
    }

    [Fact]
    public void The_scan_sees_an_uncoded_error_and_passes_a_coded_one()
    {
        Assert.Single(Sites("x.cs", "throw new InputException($\"{p}: bad.\", p);\nint a = 1;"));
        Assert.Single(Sites("x.cs", "static InputException Bad(string f) => new($\"Field '{f}' bad.\", f);\nint a = 1;"));
        Assert.Empty(Sites("x.cs", "throw new InputException($\"{p}: bad.\", p)\n    .WithCode(ErrorCodes.FileEmpty, p);"));
        Assert.Empty(Sites("x.cs", "var error = new NotFoundException($\"Gone; reload.\");\nreturn error.WithCode(code, args);"));
        Assert.Single(Sites("x.cs", "if (a) throw new InputException(\"Empty; give one.\", f);\nif (b) throw new InputException(\"Long.\", f).WithCode(c);"));
    }

    private static List<(string File, int Line, string Text)> UncodedSites()
    {
        var src = Path.Combine(Repo.Root, "src");
        return Directory.GetFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Sites(Path.GetRelativePath(Repo.Root, f).Replace('\\', '/'), File.ReadAllText(f)))
            .ToList();
    }

    /// <summary>
    /// Each domain exception made (<c>new InputException(…)</c>, or a target-typed <c>new(…)</c> returned as one) whose
    /// statement, or the statement after it (<c>var error = new …; return error.WithCode(…)</c>), gives no code.
    /// </summary>
    private static IEnumerable<(string File, int Line, string Text)> Sites(string file, string text)
    {
        foreach (var m in Made().Matches(text).Concat(TargetTyped().Matches(text)).Cast<Match>())
        {
            // The statement ends at a line ending in ';' (or ',' for a switch arm); a message's own ';' is inside a line.
            var end = StatementEnd().Match(text, m.Index) is { Success: true } first ? first.Index + first.Length : text.Length;
            var lineStart = text.LastIndexOf('\n', m.Index) + 1;
            if (text[lineStart..m.Index].Contains("var ", StringComparison.Ordinal) && StatementEnd().Match(text, end) is { Success: true } next)
                end = next.Index + next.Length;
            if (text[m.Index..end].Contains("WithCode(", StringComparison.Ordinal)) continue;
            var line = text[..m.Index].Count(c => c == '\n') + 1;
            var shown = text[m.Index..Math.Min(text.Length, m.Index + 100)].Split('\n')[0].Trim();
            yield return (file, line, shown);
        }
    }

    // LimitExceededException codes itself in its constructor. StorageException is not listed: the store cannot be used,
    // said to an operator in the database's own words (the CLI and HTTP show a fixed line for it).
    [GeneratedRegex(@"\bnew (InputException|NotFoundException|ConflictException|StaleVersionException)\(")]
    private static partial Regex Made();

    [GeneratedRegex(@"[;,][ \t]*(//[^\n]*)?\r?(\n|$)")]
    private static partial Regex StatementEnd();

    [GeneratedRegex(@"\b(InputException|NotFoundException|ConflictException|StaleVersionException) \w+\([^)]*\)\s*=>\s*new\(")]
    private static partial Regex TargetTyped();
}
