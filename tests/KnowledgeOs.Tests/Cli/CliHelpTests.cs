using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

public sealed class CliHelpTests
{
    [Fact]
    public async Task Every_command_listed_in_the_root_help_has_its_own_help_with_options_described()
    {
        var root = await Kos.RunAsync("--help");
        Assert.Equal(0, root.ExitCode);
        var commands = CommandNames(root.Out);
        Assert.Contains("learn", commands);
        Assert.Contains("render", commands);
        Assert.Contains("rebuild", commands);
        foreach (var command in commands)
        {
            var help = await Kos.RunAsync(command, "--help");
            Assert.True(help.ExitCode == 0, $"kos {command} --help exited {help.ExitCode}: {help.Error}");
            Assert.Contains("USAGE", help.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Common_options_are_on_every_data_command()
    {
        foreach (var command in new[] { "learn", "render", "export", "history", "rebuild", "demo" })
        {
            var help = await Kos.RunAsync(command, "--help");
            Assert.Contains("--data", help.Out, StringComparison.Ordinal);
            Assert.Contains("--team", help.Out, StringComparison.Ordinal);
            Assert.Contains("--json", help.Out, StringComparison.Ordinal);
        }
    }

    /// <summary>The command names under COMMANDS: in Spectre's help output.</summary>
    private static List<string> CommandNames(string help)
    {
        var lines = help.Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimStart().StartsWith("COMMANDS", StringComparison.Ordinal));
        Assert.True(start >= 0, "no COMMANDS section in:\n" + help);
        return lines.Skip(start + 1)
            .Where(l => l.StartsWith("    ", StringComparison.Ordinal) && l.Trim().Length > 0)
            .Select(l => l.Trim().Split(' ')[0])
            .Where(n => n.Length > 0 && char.IsAsciiLetterLower(n[0]))
            .Distinct()
            .ToList();
    }
}
