using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Samples;

/// <summary>The project's own <c>samples/</c> folder.</summary>
internal static class SamplesFolder
{
    /// <summary>A file under <c>samples/</c>.</summary>
    public static string File(params string[] parts) => Path.Combine([Repo.Samples, .. parts]);

    /// <summary>The sample reports in story order (their names start with the day).</summary>
    public static IReadOnlyList<string> Reports() =>
        Directory.GetFiles(File("reports"), "*.json").OrderBy(f => f, StringComparer.Ordinal).ToList();
}
