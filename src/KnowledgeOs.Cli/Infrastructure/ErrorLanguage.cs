using System.Runtime.CompilerServices;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>
/// The language of one <c>kos</c> run's error line: <c>--lang</c>'s, else the team's once the command has worked it out
/// (<see cref="KosSession.LanguageAsync"/>), else English, the domain's own words. One box per run, flowing with it.
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

    /// <summary>The run's language for its error line (English when none is known).</summary>
    public static RenderLanguage Current => Box.Value?.Value ?? RenderLanguage.En;
}
