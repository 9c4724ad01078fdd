namespace KnowledgeOs.Tests.Support;

/// <summary>Paths in the repository and beside it.</summary>
public static class Repo
{
    /// <summary>The folder holding KnowledgeOs.slnx.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The project's own samples.</summary>
    public static string Samples => Path.Combine(Root, "samples");

    /// <summary>The shared fixtures (real documents written elsewhere), or null when absent (a fresh clone).</summary>
    public static string? Fixtures
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("KOS_FIXTURES") is { Length: > 0 } env
                ? env
                : Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures"));
            return Directory.Exists(path) ? path : null;
        }
    }

    /// <summary>Why a test of the real ATRA documents is skipped in a fresh clone.</summary>
    public const string FixturesAbsent = "../shared/fixtures is absent (a fresh clone): the ATRA documents are not part of the project.";

    /// <summary>A judged query set of the search evaluation (<c>bench/KnowledgeOs.Bench/eval</c>).</summary>
    public static string EvalSet(string name) => Path.Combine(Root, "bench", "KnowledgeOs.Bench", "eval", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KnowledgeOs.slnx"))) return dir.FullName;
        throw new InvalidOperationException("KnowledgeOs.slnx not found above " + AppContext.BaseDirectory);
    }
}
