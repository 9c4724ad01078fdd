using System.Runtime.CompilerServices;

namespace KnowledgeOs.Tests.Support;

/// <summary>
/// Golden files under tests/KnowledgeOs.Tests/Golden: the first run writes the text a fixed input gives, every later
/// run (and CI, where the files are committed) compares against it byte for byte.
/// </summary>
public static class Golden
{
    /// <summary>The golden folder in the source tree (not the build output), so a recorded file can be committed.</summary>
    public static string Folder([CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(here)!)!, "Golden");

    /// <summary>Compares <paramref name="actual"/> with the golden file <paramref name="name"/>, recording it when absent.</summary>
    public static void Check(string name, string actual)
    {
        var path = Path.Combine(Folder(), name);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
        }
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
