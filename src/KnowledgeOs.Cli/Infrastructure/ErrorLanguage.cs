using System.Runtime.CompilerServices;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>
/// The language of one <c>kos</c> run's error line: <c>--lang</c>'s, else the team's once the command has worked it out
/// (<see cref="KosSession.LanguageAsync"/>, a team with experts), else the environment's (<see cref="FromEnvironment"/>:
/// <c>KOS_LANG</c>, else the POSIX locale), else English, the domain's own words. One box per run, flowing with it.
/// </summary>
public static class ErrorLanguage
{
    private static readonly AsyncLocal<StrongBox<RenderLanguage?>?> Box = new();

    /// <summary>Starts a run: the language <c>--lang</c> names among <paramref name="args"/>, if it names one.</summary>
    public static void Begin(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        RenderLanguage? asked = null;
        for (var i = 0; i < args.Count; i++)
        {
            var value = args[i] == "--lang" && i + 1 < args.Count ? args[i + 1]
                : args[i].StartsWith("--lang=", StringComparison.Ordinal) ? args[i]["--lang=".Length..] : null;
            if (value?.Trim().ToLowerInvariant() is "ru") asked = RenderLanguage.Ru;
            else if (value?.Trim().ToLowerInvariant() is "en") asked = RenderLanguage.En;
        }
        Box.Value = new StrongBox<RenderLanguage?>(asked);
    }

    /// <summary>The command knows the language it writes in.</summary>
    public static void Known(RenderLanguage language)
    {
        if (Box.Value is { } box) box.Value ??= language;
    }

    /// <summary>The run's language for its error line (the environment's, else English, when none is known).</summary>
    public static RenderLanguage Current => Box.Value?.Value ?? FromEnvironment(Environment.GetEnvironmentVariable) ?? RenderLanguage.En;

    /// <summary>
    /// The language the environment asks for: <c>KOS_LANG</c> (<c>ru</c> or <c>en</c>), else the POSIX locale of
    /// messages — the first of <c>LC_ALL</c>, <c>LC_MESSAGES</c>, <c>LANG</c> that is set — Russian when it starts with
    /// <c>ru</c> (<c>ru_RU.UTF-8</c>), English otherwise (<c>C</c>, <c>en_US.UTF-8</c>); null when none is set.
    /// </summary>
    public static RenderLanguage? FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var own = variable("KOS_LANG")?.Trim().ToLowerInvariant();
        if (own is { Length: > 0 }) return own.StartsWith("ru", StringComparison.Ordinal) ? RenderLanguage.Ru : own.StartsWith("en", StringComparison.Ordinal) ? RenderLanguage.En : null;
        var locale = new[] { "LC_ALL", "LC_MESSAGES", "LANG" }.Select(variable).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        if (locale is null) return null;
        return locale.Trim().StartsWith("ru", StringComparison.OrdinalIgnoreCase) ? RenderLanguage.Ru : RenderLanguage.En;
    }
}
