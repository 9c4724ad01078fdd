using System.Text.RegularExpressions;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Samples;

public sealed partial class DesignDocPathsTests
{
    [Fact]
    public void Every_file_docs_DESIGN_md_names_exists()
    {
        var text = File.ReadAllText(Path.Combine(Repo.Root, "docs", "DESIGN.md"));
        var named = RepoPath().Matches(text).Select(m => m.Value.TrimEnd('.', ',', ';', ':')).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(named.Count >= 30, $"only {named.Count} paths found in docs/DESIGN.md: the pattern no longer reads it");

        var missing = named.Where(p => !File.Exists(Path.Combine(Repo.Root, p)) && !Directory.Exists(Path.Combine(Repo.Root, p))).ToList();

        Assert.True(missing.Count == 0, "docs/DESIGN.md names paths that do not exist:\n" + string.Join("\n", missing));
    }

    /// <summary>A path from the repository root: <c>src/…</c>, <c>tests/…</c>, <c>docs/…</c> and the like.</summary>
    [GeneratedRegex(@"(?<![\w/.])(?:src|tests|docs|bench|samples|templates)/[\w./-]+")]
    private static partial Regex RepoPath();
}
