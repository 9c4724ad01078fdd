using System.Data.Common;
using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeOs.Rendering;

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
    public static (int ExitCode, string Message) Describe(Exception exception, IReadOnlyList<string>? meant = null)
    {
        var ex = Unwrap(exception);
        var (code, message) = Describe(ex, meant ?? [], ErrorLanguage.Current);
        return (code, OneLine(message));
    }

    private static (int ExitCode, string Message) Describe(Exception ex, IReadOnlyList<string> meant, RenderLanguage language)
    {
        // A domain error with a wording in the run's language (ErrorLabels) is shown in it; any other, as written.
        string Worded(KnowledgeOsException e) => ErrorLabels.Text(e, language) ?? e.Message;
        return ex switch
        {
            // The domain's errors say what went wrong by their type; the exit code for each is decided here, once.
            InputException e => (ExitCodes.Input, Worded(e)),
            ConflictException or StaleVersionException => (ExitCodes.Conflict, Worded((KnowledgeOsException)ex)),
            NotFoundException e => (ExitCodes.NotFound, Worded(e)),
            StorageException => (ExitCodes.Storage, ex.Message),
            CommandAppException usage => (ExitCodes.Usage, UsageMessage(usage.Message, meant, language)),
            // A path the user named that cannot be used: the message names the path.
            UnauthorizedAccessException or FileNotFoundException or DirectoryNotFoundException or PathTooLongException => (ExitCodes.Input, ex.Message),
            JsonException => (ExitCodes.Input, ex.Message),
            // The file APIs' own refusal of a path string (empty, a NUL inside): the user typed it, so it is their input.
            ArgumentException { ParamName: "path" or "fileName" or "sourceFileName" or "destFileName" or "destinationFileName" }
                => (ExitCodes.Input, $"A path given cannot be used: {ex.Message}"),
            // The disk or the database below the store (full, I/O error, locked), after the store's own mapping.
            IOException or DbException => (ExitCodes.Storage, ex.Message),
            _ => (Internal, $"internal error ({ex.GetType().Name}): {ex.Message} This is a defect in kos; please report it with the command line."),
        };
    }

    /// <summary>
    /// Refuses an argument no shell can produce but a program can (a NUL, half of a UTF-16 surrogate pair): every command
    /// would otherwise meet it deep inside a path, a query or a normalizer.
    /// </summary>
    /// <exception cref="InputException">An argument holds such a character; the message says which one.</exception>
    public static void CheckArguments(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var bad = Flaw(args[i]);
            if (bad is not null) throw new InputException($"Argument {i + 1} ({Shown(args, i)}) holds {bad}; give text without it.", $"argument {i + 1}");
        }
    }

    private static string? Flaw(string arg)
    {
        for (var j = 0; j < arg.Length; j++)
        {
            if (arg[j] == '\0') return "a NUL character";
            if (char.IsHighSurrogate(arg[j]) && j + 1 < arg.Length && char.IsLowSurrogate(arg[j + 1])) j++;
            else if (char.IsSurrogate(arg[j])) return "an unpaired UTF-16 surrogate (not valid Unicode)";
        }
        return null;
    }

    /// <summary>The option an argument belongs to, for the message (its value cannot be shown as it is).</summary>
    private static string Shown(IReadOnlyList<string> args, int i) =>
        args[i].StartsWith('-') ? "an option name" : i > 0 && args[i - 1].StartsWith("--", StringComparison.Ordinal) ? $"the value of {args[i - 1]}" : "a positional argument";

    /// <summary>Writes the error line for an exception and returns its exit code.</summary>
    /// <param name="error">Standard error.</param>
    /// <param name="exception">What went wrong.</param>
    /// <param name="meant">For a usage error, the commands or options that were perhaps meant ("did you mean").</param>
    public static int Report(IAnsiConsole error, Exception exception, IReadOnlyList<string>? meant = null)
    {
        var (code, message) = Describe(exception, meant);
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

    private static string UsageMessage(string message, IReadOnlyList<string> meant, RenderLanguage language)
    {
        // Spectre names the CLR type ("Failed to convert 'abc' to Nullable`1."), which tells a user nothing.
        var conversion = ConversionFailure().Match(message);
        if (conversion.Success) message = $"'{conversion.Groups[1].Value}' is not a valid value for this option or argument.";
        // Spectre's messages are English and carry no code: the common ones are known by their words and worded in the
        // run's language (ErrorLabels); any other stays as Spectre wrote it.
        if (language != RenderLanguage.En && UsageCode(message) is var (code, args) && ErrorLabels.Ru(code, args) is { } worded) message = worded;
        return message + ErrorLabels.UsageHelp(meant, language);
    }

    /// <summary>The code and arguments of one of Spectre's common usage errors, known by its English words.</summary>
    internal static (string Code, string[] Args)? UsageCode(string message)
    {
        if (UnknownOption().Match(message) is { Success: true } option) return (ErrorCodes.UsageUnknownOption, [option.Groups[1].Value]);
        if (UnknownCommand().Match(message) is { Success: true } command) return (ErrorCodes.UsageUnknownCommand, [command.Groups[1].Value]);
        if (MissingArgument().Match(message) is { Success: true } missing)
            return (ErrorCodes.UsageMissingArgument, [missing.Groups[1].Value, missing.Groups[2].Value]);
        if (BadValue().Match(message) is { Success: true } value) return (ErrorCodes.UsageBadValue, [value.Groups[1].Value]);
        if (ExtraArgument().Match(message) is { Success: true } extra) return (ErrorCodes.UsageExtraArgument, [extra.Groups[1].Value]);
        return null;
    }

    [GeneratedRegex(@"^Unknown option '(.*)'\.$", RegexOptions.Singleline)]
    private static partial Regex UnknownOption();

    [GeneratedRegex(@"^Unknown command '(.*)'\.$", RegexOptions.Singleline)]
    private static partial Regex UnknownCommand();

    [GeneratedRegex(@"^Command '(.*)' is missing required argument '(.*)'\.$", RegexOptions.Singleline)]
    private static partial Regex MissingArgument();

    [GeneratedRegex(@"^'(.*)' is not a valid value for this option or argument\.$", RegexOptions.Singleline)]
    private static partial Regex BadValue();

    [GeneratedRegex(@"^Could not match '(.*)' with an argument\.$", RegexOptions.Singleline)]
    private static partial Regex ExtraArgument();

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [GeneratedRegex(@"^Failed to convert '(.*)' to [^ ]+\.$", RegexOptions.Singleline)]
    private static partial Regex ConversionFailure();
}
