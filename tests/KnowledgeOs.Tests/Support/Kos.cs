using KnowledgeOs.Cli;
using Spectre.Console;

namespace KnowledgeOs.Tests.Support;

/// <summary>What a <c>kos</c> run printed and returned.</summary>
/// <param name="ExitCode">Exit code.</param>
/// <param name="Out">Standard output.</param>
/// <param name="Error">Standard error.</param>
public sealed record KosRun(int ExitCode, string Out, string Error);

/// <summary>Runs the real <c>kos</c> command tree in-process against a real database file.</summary>
public static class Kos
{
    /// <summary>Runs <c>kos</c> with arguments; output is captured, never wrapped.</summary>
    public static Task<KosRun> RunAsync(params string[] args) => RunAsync(TimeProvider.System, args);

    /// <summary>Runs <c>kos</c> with arguments on a given clock (a FakeTimeProvider in time-based tests).</summary>
    public static Task<KosRun> RunAsync(TimeProvider time, params string[] args) => RunAsync(time, CancellationToken.None, args);

    /// <summary>Runs <c>kos</c> until it returns or <paramref name="ct"/> stops it (Ctrl+C), for commands that run until stopped.</summary>
    public static async Task<KosRun> RunAsync(TimeProvider time, CancellationToken ct, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await KosApp.RunAsync(args, Console(output), Console(error), time, ct);
        return new KosRun(exit, output.ToString(), error.ToString());
    }

    /// <summary>A console writing plain text to <paramref name="writer"/>, as <c>kos</c> writes when its output is redirected.</summary>
    public static IAnsiConsole Console(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        return console;
    }
}
