using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary>
/// Every command's help, word for word, as golden files (tests/KnowledgeOs.Tests/Golden/help): the options, their order,
/// descriptions and examples are the CLI's contract, so moving an option into a shared settings class must not change them.
/// </summary>
public sealed class CliHelpGoldenTests
{
    [Fact]
    public async Task Every_command_prints_the_same_help_as_its_golden_file()
    {
        var commands = await CommandPathsAsync([]);
        Assert.Contains("learn", commands);
        Assert.Contains("item retract", commands);
        foreach (var command in commands)
        {
            var help = await Kos.RunAsync([.. command.Split(' '), "--help"]);
            Assert.True(help.ExitCode == 0, $"kos {command} --help exited {help.ExitCode}: {help.Error}");
            Golden.Check(Path.Combine("help", command.Replace(' ', '-') + ".txt"), help.Out);
        }
    }

    /// <summary>Every command below <paramref name="parent"/>, branches opened down to their leaves.</summary>
    private static async Task<List<string>> CommandPathsAsync(string[] parent)
    {
        var help = await Kos.RunAsync([.. parent, "--help"]);
        var found = new List<string>();
        foreach (var name in CommandNames(help.Out))
        {
            string[] path = [.. parent, name];
            var below = await CommandPathsAsync(path);
            found.AddRange(below.Count == 0 ? [string.Join(' ', path)] : below);
        }
        return found;
    }

    /// <summary>The command names under COMMANDS: in Spectre's help output (none for a leaf command).</summary>
    private static List<string> CommandNames(string help)
    {
        var lines = help.Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimStart().StartsWith("COMMANDS", StringComparison.Ordinal));
        if (start < 0) return [];
        return lines.Skip(start + 1)
            .TakeWhile(l => l.Trim().Length > 0)
            .Where(l => l.StartsWith("    ", StringComparison.Ordinal))
            .Select(l => l.Trim().Split(' ')[0])
            .Where(n => n.Length > 0 && char.IsAsciiLetterLower(n[0]))
            .Distinct()
            .ToList();
    }
}
