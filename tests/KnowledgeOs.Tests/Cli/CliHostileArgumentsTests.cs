using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary>
/// Every command of the registered tree (read from Spectre's own model, <c>kos cli xmldoc</c>, so a new command is covered
/// without touching this file), run with hostile arguments: whatever happens, one <c>error:</c> line and a documented exit code.
/// </summary>
public sealed partial class CliHostileArgumentsTests : IDisposable
{
    private static readonly int[] Documented = [0, 1, 2, 3, 4, 5];

    /// <summary>Commands that serve until stopped: <c>serve</c> is stopped (exit 130) once it says it is serving, <c>mcp</c> after a moment.</summary>
    private static readonly string[] RunUntilStopped = ["serve", "mcp"];

    /// <summary>The options every command has (KosSettings): their hostile values are tried on one command, --data's on all.</summary>
    private static readonly string[] Common = ["store", "connection", "team", "json"];

    private static readonly Lazy<IReadOnlyList<Command>> Tree = new(ReadModel);

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>One leaf command of the tree, its parameters as the model describes them.</summary>
    public sealed record Command(string[] Path, IReadOnlyList<Parameter> Arguments, IReadOnlyList<Parameter> Options)
    {
        public override string ToString() => string.Join(' ', Path);
    }

    /// <summary>An argument (by position) or an option (by long name), with its value name, kind and CLR type.</summary>
    public sealed record Parameter(string Name, string Value, string Kind, string ClrType, bool Required);

    public static TheoryData<string> CommandNames() => [.. Model().Select(c => c.ToString())];

    [Fact]
    public void The_model_lists_the_commands_of_the_tree()
    {
        var names = Model().Select(c => c.ToString()).ToList();
        Assert.Contains("learn", names);
        Assert.Contains("expert add", names);
        Assert.Contains("keys revoke", names);
        Assert.Contains("serve", names);
    }

    [Theory]
    [MemberData(nameof(CommandNames))]
    public async Task Hostile_arguments_never_crash_the_command(string name)
    {
        var command = Model().Single(c => c.ToString() == name);
        var failures = new List<string>();
        var untilStopped = RunUntilStopped.Contains(command.Path[0]);
        foreach (var args in Cases(command, fuzzCommonOptions: name == "expert list"))
        {
            var run = await RunAsync([.. command.Path, .. args], untilStopped);
            var problem = Problem(run, allowStopped: untilStopped);
            if (problem is not null) failures.Add($"kos {name} {Show(args)} → {problem}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Runs kos in-process; a command that serves is stopped as soon as it announces it serves (or after a moment, for mcp).</summary>
    private static async Task<KosRun> RunAsync(string[] args, bool untilStopped)
    {
        // The minute is a hang detector (a hung run fails with 130), never a timing assertion.
        using var stop = new CancellationTokenSource(untilStopped && args[0] == "mcp" ? TimeSpan.FromSeconds(2) : TimeSpan.FromMinutes(1));
        var output = new StopWhenServing(stop);
        var error = new StringWriter();
        var exit = await KnowledgeOs.Cli.KosApp.RunAsync(args, Kos.Console(output), Kos.Console(error), TimeProvider.System, stop.Token);
        return new KosRun(exit, output.ToString(), error.ToString());
    }

    /// <summary>Standard output that stops <c>kos serve</c> once it prints its "… /scalar/v1 …" line: by then every argument has been used.</summary>
    private sealed class StopWhenServing(CancellationTokenSource stop) : StringWriter
    {
        public override void Write(char value)
        {
            base.Write(value);
            Check();
        }

        public override void Write(char[] buffer, int index, int count)
        {
            base.Write(buffer, index, count);
            Check();
        }

        public override void Write(string? value)
        {
            base.Write(value);
            Check();
        }

        // Spectre writes a line in pieces, so the whole text so far is searched (it stays small).
        private void Check()
        {
            if (!stop.IsCancellationRequested && GetStringBuilder().ToString().Contains("/scalar/v1", StringComparison.Ordinal)) stop.Cancel();
        }
    }

    private static string? Problem(KosRun run, bool allowStopped)
    {
        var all = run.Out + run.Error;
        if (all.Contains("Unhandled exception", StringComparison.Ordinal)) return $"unhandled exception: {Head(all)}";
        if (StackFrame().IsMatch(all)) return $"stack trace: {Head(all)}";
        if (!Documented.Contains(run.ExitCode) && !(allowStopped && run.ExitCode == 130)) return $"exit {run.ExitCode}: {Head(run.Error)}";
        if (run.ExitCode is not (0 or 130) && !run.Error.Split('\n').Any(l => l.StartsWith("error: ", StringComparison.Ordinal)))
            return $"exit {run.ExitCode} without an error: line on stderr: {Head(run.Error)}";
        return null;
    }

    /// <summary>The hostile argument lists for one command: nothing, unknown options, missing values, and bad values for every parameter.</summary>
    private IEnumerable<string[]> Cases(Command command, bool fuzzCommonOptions)
    {
        var db = _dir.File("kos.db");
        // Positional arguments in order: the one under test gets the hostile value, the other required ones a harmless one.
        string[] Base(string? except, string? value = null)
        {
            var args = new List<string>();
            foreach (var a in command.Arguments)
            {
                if (a.Name == except) args.Add(value!);
                else if (a.Required) args.Add(Benign(a));
            }
            if (except != "data" && command.Options.Any(o => o.Name == "data")) args.AddRange(["--data", db]);
            if (except != "urls" && command.Options.Any(o => o.Name == "urls")) args.AddRange(["--urls", "http://127.0.0.1:0"]);
            return [.. args];
        }

        // Never without --data: the default ./kos-data would be the test's working folder.
        yield return [.. Base(null).Where((_, i) => i >= command.Arguments.Count(a => a.Required))];
        yield return Base(null);
        yield return [.. Base(null), "--no-such-option"];
        yield return [.. Base(null), "-z"];
        yield return [.. Base(null), "extra", "arguments", "nobody", "asked", "for"];
        foreach (var argument in command.Arguments)
            foreach (var value in HostileValues(argument))
                yield return Base(argument.Name, value);
        foreach (var option in command.Options.Where(o => fuzzCommonOptions || !Common.Contains(o.Name)))
        {
            if (option.Kind == "flag")
            {
                yield return [.. Base(null), $"--{option.Name}", $"--{option.Name}"];
                continue;
            }
            yield return [.. Base(option.Name), $"--{option.Name}"];
            foreach (var value in HostileValues(option)) yield return [.. Base(option.Name), $"--{option.Name}", value];
        }
    }

    private string Benign(Parameter p) => IsPath(p) ? _dir.File("missing.json") : p.ClrType.Contains("Int", StringComparison.Ordinal) ? "1" : "x";

    /// <summary>Values chosen by what the parameter holds: paths get file-system traps, numbers overflow, text gets NUL and broken UTF-16.</summary>
    private IEnumerable<string> HostileValues(Parameter p)
    {
        // Every value stays inside the test folder: a relative path would write into the test's working folder.
        string[] text = ["", "\0", "a\0b", "\ud800", "\udfff\ud800", "a\u202eb\u200b", new string('я', 20_000), "-1", "--", "[red]markup[/]"];
        if (IsPath(p)) return [.. PathValues(), "", "\0"];
        if (p.ClrType.Contains("Int", StringComparison.Ordinal) || p.ClrType.Contains("Double", StringComparison.Ordinal))
            return ["abc", "", "-1", "0", "2147483647", "-2147483648", "99999999999999999999", "1e309", "NaN", "\0"];
        if (p.ClrType.Contains("Date", StringComparison.Ordinal))
            return ["not-a-date", "", "0001-01-01", "9999-12-31T23:59:59Z", "2026-02-30", "\0"];
        return text;
    }

    private IEnumerable<string> PathValues()
    {
        var folder = Directory.CreateDirectory(_dir.File("a-folder")).FullName;
        var empty = _dir.Write("empty.db", "");
        var garbage = _dir.Write("garbage.db", "this is not an SQLite database, nor JSON, nor Markdown\n");
        var binary = _dir.File("binary.bin");
        File.WriteAllBytes(binary, [0xFF, 0xFE, 0x00, 0xD8, 0x00, 0xC3, 0x28, 0x80]);
        return [_dir.File("no-such/file.json"), folder, empty, garbage, binary, Path.Combine(empty, "under-a-file"), _dir.File(new string('n', 300))];
    }

    private static bool IsPath(Parameter p) =>
        p.Value is "PATH" or "DIR" or "FILE" or "FOLDER" || p.Name is "data" or "out" or "svg" or "samples" or "config" or "PATH" or "FILE" or "DIR";

    private static IReadOnlyList<Command> Model() => Tree.Value;

    private static IReadOnlyList<Command> ReadModel()
    {
        var run = Kos.RunAsync("cli", "xmldoc").GetAwaiter().GetResult();
        Assert.Equal(0, run.ExitCode);
        var xml = XDocument.Parse(run.Out);
        var commands = new List<Command>();
        void Walk(XElement element, string[] path)
        {
            foreach (var c in element.Elements("Command"))
            {
                var here = (string[])[.. path, (string)c.Attribute("Name")!];
                if ((string?)c.Attribute("IsBranch") == "true") Walk(c, here);
                else commands.Add(new Command(here, Parameters(c, "Argument", "Name"), Parameters(c, "Option", "Long")));
            }
        }
        Walk(xml.Root!, []);
        return commands;
    }

    private static List<Parameter> Parameters(XElement command, string element, string nameAttribute) =>
        command.Element("Parameters")?.Elements(element).Select(e => new Parameter(
            ((string)e.Attribute(nameAttribute)!).Split(',')[0].Trim(), (string?)e.Attribute("Value") ?? "", (string)e.Attribute("Kind")!,
            (string?)e.Attribute("ClrType") ?? "", (string?)e.Attribute("Required") == "true")).ToList() ?? [];

    private static string Show(string[] args) => string.Join(' ', args.Select(a =>
    {
        var shown = a.Length > 40 ? a[..40] + $"…({a.Length})" : a;
        var escaped = new StringBuilder();
        foreach (var ch in shown) escaped.Append(char.IsControl(ch) || char.IsSurrogate(ch) ? $"\\u{(int)ch:x4}" : ch.ToString());
        return $"'{escaped}'";
    }));

    private static string Head(string text) => text.Length > 400 ? text[..400] + "…" : text;

    /// <summary>A frame of a .NET stack trace, at the start of a line or inside a one-line log entry.</summary>
    [GeneratedRegex(@"\bat [A-Z][\w.`<>\[\],+]*\.[\w<>`|]+\(")]
    private static partial Regex StackFrame();
}
