using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Import;

/// <summary>The import samples of this repository and the shared ATRA fixtures (skipped when absent).</summary>
public static class ImportFiles
{
    /// <summary>The project's own import samples (written for this project).</summary>
    public static string Samples => Path.Combine(Repo.Samples, "import");

    /// <summary>A sample file's path.</summary>
    public static string Sample(string name) => Path.Combine(Samples, name);

    /// <summary>A sample file's text.</summary>
    public static string SampleText(string name) => File.ReadAllText(Sample(name));

    /// <summary>The fixtures folder, or a skip with the reason when it is absent (a fresh clone).</summary>
    public static string Fixtures()
    {
        var root = Repo.Fixtures;
        Skip.If(root is null || !Directory.Exists(Path.Combine(root, "atra")),
            "The shared fixtures (../shared/fixtures, or KOS_FIXTURES) are not here: a fresh clone; samples/import covers the same parser paths.");
        return root!;
    }

    /// <summary>The 22 knowledge bases.</summary>
    public static string[] Knowledge() => Directory.GetFiles(Path.Combine(Fixtures(), "atra", "knowledge"), "*_knowledge.md").Order(StringComparer.Ordinal).ToArray();

    /// <summary>The 22 learning programs.</summary>
    public static string[] Programs() => Directory.GetFiles(Path.Combine(Fixtures(), "atra", "learning_programs"), "*_program.md").Order(StringComparer.Ordinal).ToArray();

    /// <summary>The mojibake seed file.</summary>
    public static string Seed() => Path.Combine(Fixtures(), "seed", "000_fca2fb1c87cc6f7d.txt");
}
