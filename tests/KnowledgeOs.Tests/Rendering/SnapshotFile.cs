using System.Text;

namespace KnowledgeOs.Tests.Rendering;

/// <summary>Byte-for-byte snapshot files under <c>tests/KnowledgeOs.Tests/Rendering/Snapshots</c>.</summary>
internal static class SnapshotFile
{
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KnowledgeOs.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"No KnowledgeOs.slnx above {AppContext.BaseDirectory}.");
    }

    /// <summary>Compares with the stored snapshot; a missing one is written and the test fails saying so.</summary>
    public static void Match(string name, string actual)
    {
        var dir = Path.Combine(RepoRoot(), "tests", "KnowledgeOs.Tests", "Rendering", "Snapshots");
        var path = Path.Combine(dir, name + ".md");
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(path, actual, utf8);
            Assert.Fail($"Snapshot {path} did not exist and has been written; review it, commit it and run the test again.");
        }
        var expected = File.ReadAllBytes(path);
        var bytes = utf8.GetBytes(actual);
        if (expected.AsSpan().SequenceEqual(bytes)) return;
        var received = Path.Combine(dir, name + ".received.md");
        File.WriteAllText(received, actual, utf8);
        var expectedLines = utf8.GetString(expected).Split('\n');
        var actualLines = actual.Split('\n');
        var line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line]) line++;
        Assert.Fail($"Rendered output differs from {path} at line {line + 1}:\n expected: {At(expectedLines, line)}\n actual:   {At(actualLines, line)}\n"
            + $"The output was written to {received}; if the change is intended, replace the snapshot with it.");
    }

    private static string At(string[] lines, int i) => i < lines.Length ? lines[i] : "<end of file>";
}
