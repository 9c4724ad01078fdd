using System.Diagnostics;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary>
/// Every <c>kos</c> line of the README's shell blocks and every example of <c>kos … --help</c>, pasted into bash as
/// printed, in a scratch folder holding a copy of <c>samples/</c> (the README's paths), against a scratch store.
/// </summary>
public sealed class DocumentedExamplesTests : IDisposable
{
    private readonly TempFolder _dir = new();

    /// <summary>Lines that run until stopped; the serve and MCP tests cover them.</summary>
    private static bool RunsUntilStopped(string line) => line.StartsWith("kos serve", StringComparison.Ordinal) || line.StartsWith("kos mcp", StringComparison.Ordinal);

    /// <summary>Examples that name a server of the reader's own (a PostgreSQL host called db, a local Ollama).</summary>
    private static bool NeedsAnOutsideServer(string line) => line.Contains("Host=db", StringComparison.Ordinal) || line.Contains("ollama:", StringComparison.Ordinal);

    /// <summary>The README's lines whose comment says they fail, with the exit code the README's table gives.</summary>
    private static readonly Dictionary<string, int> DocumentedFailures = new(StringComparer.Ordinal)
    {
        ["kos render ivan --as-of 2026-01-01"] = 4,        // "here: nothing yet — not found"
        ["kos learn samples/bad/broken-json.json"] = 2,    // "a clear error naming the file and line"
    };

    [SkippableFact]
    public async Task Every_example_of_the_README_and_of_the_help_runs_as_printed()
    {
        Skip.If(OperatingSystem.IsWindows(), "the examples are bash lines");
        CopyFolder(Repo.Samples, _dir.File("samples"));
        var bin = Directory.CreateDirectory(_dir.File("bin")).FullName;
        var kos = Path.Combine(bin, "kos");
        await File.WriteAllTextAsync(kos, $"#!/bin/sh\nexec dotnet exec '{KosProcess.Dll}' \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(kos, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var lines = ReadmeLines().Concat(await HelpExamplesAsync()).Distinct().ToList();
        Assert.Contains(lines, l => l.StartsWith("kos item retract", StringComparison.Ordinal));
        var failures = new List<string>();
        var ran = 0;
        foreach (var line in lines.Where(l => !RunsUntilStopped(l) && !NeedsAnOutsideServer(l)))
        {
            var (exit, output) = await BashAsync(line, bin);
            ran++;
            var expected = DocumentedFailures.GetValueOrDefault(Code(line));
            if (exit != expected) failures.Add($"{line}\n  exited {exit}, expected {expected}:\n{output}");
        }
        Assert.True(ran > 40, $"only {ran} examples found");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The <c>kos …</c> lines of the README's bash blocks.</summary>
    private static IEnumerable<string> ReadmeLines()
    {
        var inBash = false;
        foreach (var line in File.ReadLines(Path.Combine(Repo.Root, "README.md")))
        {
            if (line.StartsWith("```", StringComparison.Ordinal)) inBash = line == "```bash" && !inBash;
            else if (inBash && line.StartsWith("kos ", StringComparison.Ordinal)) yield return line;
        }
    }

    /// <summary>The EXAMPLES of the root help, of every command's and of every branch's subcommands.</summary>
    private static async Task<List<string>> HelpExamplesAsync()
    {
        var examples = new List<string>();
        var root = await Kos.RunAsync("--help");
        foreach (var command in Commands(root.Out))
        {
            var help = (await Kos.RunAsync(command, "--help")).Out;
            examples.AddRange(Examples(help));
            foreach (var sub in Commands(help)) examples.AddRange(Examples((await Kos.RunAsync(command, sub, "--help")).Out));
        }
        return examples;
    }

    private static IEnumerable<string> Section(string help, string name) =>
        help.Split('\n').SkipWhile(l => l.Trim() != name + ":").Skip(1).TakeWhile(l => l.Trim().Length > 0 && l.StartsWith(' '));

    private static IEnumerable<string> Examples(string help) => Section(help, "EXAMPLES").Select(l => l.Trim());

    private static IEnumerable<string> Commands(string help) =>
        Section(help, "COMMANDS").Select(l => l.Trim().Split(' ')[0]).Where(n => n.Length > 0 && char.IsAsciiLetterLower(n[0]));

    /// <summary>The line without its trailing comment and padding.</summary>
    private static string Code(string line)
    {
        var hash = line.IndexOf(" #", StringComparison.Ordinal);
        return (hash < 0 ? line : line[..hash]).Trim();
    }

    private async Task<(int Exit, string Output)> BashAsync(string line, string bin)
    {
        var start = new ProcessStartInfo("bash", ["-c", line])
        {
            WorkingDirectory = _dir.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        foreach (var name in new[] { "KOS_DATA", "KOS_TEAM", "KOS_STORE", "KOS_CONNECTION", "KOS_EMBEDDINGS", "KOS_CYCLE_CONFIG" }) start.Environment[name] = null;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // A bound, not a timing assertion: one hung example fails the test instead of the run.
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(bound.Token);
        var text = await output + await error;
        return (process.ExitCode, text.Length > 2000 ? text[..1000] + "\n…\n" + text[^1000..] : text);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _dir.Dispose();
}
