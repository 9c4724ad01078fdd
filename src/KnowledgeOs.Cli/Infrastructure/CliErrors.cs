using System.Data.Common;
using System.Text.Json;
using System.Text.RegularExpressions;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>
/// The one place where an exception becomes what the user sees: a single <c>error: …</c> line on standard error
/// and a documented exit code (README, "Exit codes"). No exception leaves <c>kos</c> with a stack trace.
/// </summary>
public static partial class CliErrors
{
    /// <summary>Stopped by Ctrl+C or SIGTERM (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;

    /// <summary>An exception no rule expected: a defect in kos, reported as one line (sysexits' EX_SOFTWARE).</summary>
    public const int Internal = 70;

    /// <summary>The exit code and the one-line message for an exception.</summary>
    public static (int ExitCode, string Message) Describe(Exception exception)
    {
        var ex = Unwrap(exception);
        var (code, message) = ex switch
        {
            KnowledgeOsException known => (known.ExitCode, known.Message),
            CommandAppException usage => (ExitCodes.Usage, UsageMessage(usage.Message)),
            // A path the user named that cannot be used: the message names the path.
            UnauthorizedAccessException or FileNotFoundException or DirectoryNotFoundException or PathTooLongException => (ExitCodes.Input, ex.Message),
            JsonException => (ExitCodes.Input, ex.Message),
            // The disk or the database below the store (full, I/O error, locked), after the store's own mapping.
            IOException or DbException => (ExitCodes.Storage, ex.Message),
            _ => (Internal, $"internal error ({ex.GetType().Name}): {ex.Message} This is a defect in kos; please report it with the command line."),
        };
        return (code, OneLine(message));
    }

    /// <summary>Writes the error line for an exception and returns its exit code.</summary>
    public static int Report(IAnsiConsole error, Exception exception)
    {
        var (code, message) = Describe(exception);
        Write(error, message);
        return code;
    }

    /// <summary>Writes one <c>error: …</c> line, never wrapped at the console's width (scripts grep for it).</summary>
    public static void Write(IAnsiConsole error, string message)
    {
        var label = error.Profile.Capabilities.Ansi ? "\u001b[31merror:\u001b[0m" : "error:";
        error.Profile.Out.Writer.WriteLine($"{label} {OneLine(message)}");
        error.Profile.Out.Writer.Flush();
    }

    private static Exception Unwrap(Exception ex) => ex switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => Unwrap(a.InnerExceptions[0]),
        System.Reflection.TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        _ => ex,
    };

    private static string UsageMessage(string message)
    {
        // Spectre names the CLR type ("Failed to convert 'abc' to Nullable`1."), which tells a user nothing.
        var conversion = ConversionFailure().Match(message);
        if (conversion.Success) message = $"'{conversion.Groups[1].Value}' is not a valid value for this option or argument.";
        return $"{message} Run kos --help or kos <command> --help.";
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [GeneratedRegex(@"^Failed to convert '(.*)' to [^ ]+\.$", RegexOptions.Singleline)]
    private static partial Regex ConversionFailure();
}
