namespace KnowledgeOs.Tests.Samples;

/// <summary>Finds the project's own <c>samples/</c> folder from the test output folder.</summary>
internal static class SamplesFolder
{
    /// <summary>The repository root: the folder holding KnowledgeOs.slnx.</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary><c>samples/</c> under the repository root.</summary>
    public static string Path { get; } = System.IO.Path.Combine(RepoRoot, "samples");

    /// <summary>A file under <c>samples/</c>.</summary>
    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>The sample reports in story order (their names start with the day).</summary>
    public static IReadOnlyList<string> Reports() =>
        Directory.GetFiles(File("reports"), "*.json").OrderBy(f => f, StringComparer.Ordinal).ToList();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "KnowledgeOs.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"No KnowledgeOs.slnx above {AppContext.BaseDirectory}.");
    }
}
