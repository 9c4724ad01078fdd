using System.Globalization;

namespace KnowledgeOs.Rendering;

/// <summary>
/// The learning cycle's part of the catalog: the line <c>kos cycle</c> prints per job and the lines under it, worded
/// from a line's code and arguments (<see cref="CycleLine"/>). English is what the cycle logs and records as a run's summary.
/// </summary>
public sealed class CycleLabels
{
    private CycleLabels(RenderLanguage language) => Language = language;

    /// <summary>Russian.</summary>
    public static CycleLabels Ru { get; } = new(RenderLanguage.Ru);

    /// <summary>English.</summary>
    public static CycleLabels En { get; } = new(RenderLanguage.En);

    /// <summary>The labels of a language.</summary>
    public static CycleLabels For(RenderLanguage language) => language == RenderLanguage.En ? En : Ru;

    /// <summary>The language these words are in.</summary>
    public RenderLanguage Language { get; }

    private bool En_ => Language == RenderLanguage.En;

    /// <summary><c>kos cycle</c>: a job's line — its name (a code, as <c>--job</c> takes it), what happened, when it is due next.</summary>
    public string Job(string job, string status, DateTimeOffset? next)
    {
        var happened = (status, En_) switch
        {
            (_, true) => status,
            ("ran", false) => "выполнено",
            ("held", false) => "занято другим узлом",
            ("failed", false) => "сбой",
            ("not_due", false) => "ещё не время",
            _ => status,
        };
        var stamp = next?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return $"{job}: {happened}" + (stamp is null ? "" : En_ ? $" (next {stamp} UTC)" : $" (следующий запуск {stamp} UTC)");
    }

    /// <summary>A line under a job, with its period and team in front (<c>2026-01-05 06:00: demo: …</c>).</summary>
    public string Line(CycleLine line)
    {
        var text = Text(line.Code, line.Args);
        if (line.Team is { } team) text = $"{team}: {text}";
        return line.At is { } at ? $"{Stamp(at)}: {text}" : text;
    }

    /// <summary>What a line says, without its period and team; a code with no wording is shown as its code and arguments.</summary>
    public string Text(string code, IReadOnlyList<string> args)
    {
        string A(int i) => i < args.Count ? args[i] : "";
        int N(int i) => int.TryParse(A(i), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return (code, En_) switch
        {
            (CycleLine.Codes.MissedSkipped, true) => $"{A(0)} missed occurrences older than {A(1)} skipped (Cycle:MaxCatchUp = {A(2)})",
            (CycleLine.Codes.MissedSkipped, false) => $"пропущено запусков старше {A(1)}: {A(0)} (Cycle:MaxCatchUp = {A(2)})",
            (CycleLine.Codes.Held, true) => "another runner holds the lease; it runs this job",
            (CycleLine.Codes.Held, false) => "задание выполняет другой узел, у него аренда",
            (CycleLine.Codes.HeldTryAgain, true) => "another runner holds the lease; try again",
            (CycleLine.Codes.HeldTryAgain, false) => "аренда у другого узла; повторите позже",
            (CycleLine.Codes.Failed, true) => $"failed: {A(0)}",
            (CycleLine.Codes.Failed, false) => $"сбой: {A(0)}",
            (CycleLine.Codes.OlderFeedsPeriod, true) => "an older feeds period: feeds are fetched once, for the latest",
            (CycleLine.Codes.OlderFeedsPeriod, false) => "прошлый период лент: ленты читаются один раз, за последний",
            (CycleLine.Codes.Decided, true) => $"{A(0)} promoted, {A(1)} level changes recorded",
            (CycleLine.Codes.Decided, false) => $"повышено записей: {A(0)}, записано смен уровня: {A(1)}",
            (CycleLine.Codes.Guidance, true) => $"guidance files {A(0)} rewritten, {A(1)} unchanged",
            (CycleLine.Codes.Guidance, false) => $"файлы указаний: переписано {A(0)}, без изменений {A(1)}",
            (CycleLine.Codes.Digest, true) => $"digest of {A(0)} experts → {A(1)}",
            (CycleLine.Codes.Digest, false) => $"сводка по {Plural.Ru(N(0), "эксперту", "экспертам", "экспертам")} → {A(1)}",
            (CycleLine.Codes.Weekly, true) => $"weekly progress of {A(0)} experts → {A(1)}",
            (CycleLine.Codes.Weekly, false) => $"недельный прогресс {Plural.Ru(N(0), "эксперта", "экспертов", "экспертов")} → {A(1)}",
            (CycleLine.Codes.FeedFailed, true) => $"{A(0)} failed — {A(1)}",
            (CycleLine.Codes.FeedFailed, false) => $"{A(0)}: сбой — {A(1)}",
            (CycleLine.Codes.FeedNotModified, true) => $"{A(0)} not modified",
            (CycleLine.Codes.FeedNotModified, false) => $"{A(0)}: без изменений",
            (CycleLine.Codes.FeedFetched, true) => $"{A(0)} {A(1)} entries, {A(2)} new or confirmed items ({A(3)} attempt(s))",
            (CycleLine.Codes.FeedFetched, false) =>
                $"{A(0)}: {Plural.Ru(N(1), "запись", "записи", "записей")} ленты, новых или подтверждённых: {A(2)} (попыток: {A(3)})",
            (CycleLine.Codes.NoFeeds, true) => "no feeds configured",
            (CycleLine.Codes.NoFeeds, false) => "ленты не настроены",
            _ => args.Count == 0 ? code : $"{code}: {string.Join(", ", args)}",
        };
    }

    private static string Stamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
