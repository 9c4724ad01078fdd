using System.Reflection;

namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>
/// What <c>kos</c> does to a command line before and after Spectre parses it: global options accepted before the command,
/// examples printed so they paste into a shell, and a "did you mean" for a mistyped command or option.
/// </summary>
public static class CommandLine
{
    // The options of KosSettings, which every command has; the value-less one is a flag.
    private static readonly HashSet<string> GlobalWithValue = ["--data", "--store", "--connection", "--team"];
    private const string GlobalFlag = "--json";

    /// <summary>
    /// Moves global options written before the command (<c>kos --data X learn …</c>) after it, where Spectre accepts them.
    /// Everything from the first other token on stays in order.
    /// </summary>
    public static string[] MoveGlobalOptions(string[] args)
    {
        var globals = new List<string>();
        var i = 0;
        while (i < args.Length)
        {
            var name = args[i].Split('=', 2)[0];
            if (args[i] == GlobalFlag) globals.Add(args[i++]);
            else if (GlobalWithValue.Contains(name) && args[i].Contains('=', StringComparison.Ordinal)) globals.Add(args[i++]);
            else if (GlobalWithValue.Contains(name) && i + 1 < args.Length)
            {
                globals.AddRange([args[i], args[i + 1]]);
                i += 2;
            }
            else break;
        }
        // Nothing after them: leave the line as it was, so Spectre's own message (a missing command) is shown.
        return globals.Count == 0 || i == args.Length ? args : [.. args[i..], .. globals];
    }

    /// <summary>An example's arguments as a shell would need them: an argument with spaces or shell characters quoted.</summary>
    public static string[] ShellWords(params string[] args) => args.Select(Quote).ToArray();

    /// <summary>Adds an example that can be pasted into a shell as printed (Spectre joins the arguments with spaces).</summary>
    public static ICommandConfigurator Example(this ICommandConfigurator command, params string[] args) =>
        command.WithExample(ShellWords(args));

    private static string Quote(string arg)
    {
        if (arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_./:=,@+%".Contains(c, StringComparison.Ordinal))) return arg;
        // Double quotes read naturally and work in every shell unless the text holds what they would expand.
        return arg.IndexOfAny(['"', '$', '`', '\\', '!']) < 0 ? $"\"{arg}\"" : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>
    /// " Did you mean …?" for Spectre's "Unknown command 'x'" or "Unknown option 'x'", naming the closest known names;
    /// empty when nothing is close.
    /// </summary>
    public static IReadOnlyList<string> Suggestions(string message, IEnumerable<string> commands)
    {
        var command = message.StartsWith("Unknown command '", StringComparison.Ordinal);
        var option = message.StartsWith("Unknown option '", StringComparison.Ordinal);
        if (!command && !option) return [];
        var start = message.IndexOf('\'', StringComparison.Ordinal) + 1;
        var end = message.IndexOf('\'', start);
        if (end <= start) return [];
        var typed = message[start..end];
        var candidates = command ? commands : OptionNames().Select(o => o[2..]);
        var best = candidates
            .Select(c => (Name: c, Distance: Distance(typed.ToLowerInvariant(), c)))
            .Where(c => c.Distance <= Math.Max(1, typed.Length / 3))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => command ? c.Name : "--" + c.Name)
            .Take(3)
            .ToList();
        return best;
    }

    /// <summary>Every long option of every command (from the settings classes), for suggestions.</summary>
    private static IEnumerable<string> OptionNames() =>
        typeof(CommandLine).Assembly.GetTypes()
            .Where(t => typeof(CommandSettings).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties())
            .Select(p => p.GetCustomAttribute<CommandOptionAttribute>())
            .Where(a => a is not null)
            .SelectMany(a => a!.LongNames)
            .Select(n => "--" + n)
            .Distinct();

    /// <summary>Levenshtein distance (a transposition counts once, as a typo does).</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
