using System.Globalization;
using System.Text.RegularExpressions;

namespace KnowledgeOs.Rendering;

/// <summary>
/// The learning cycle's part of the catalog: the line <c>kos cycle</c> prints per job and the lines under it, worded
/// from a line's code and arguments (<see cref="CycleLine"/>). English is what the cycle logs and records as a run's summary.
/// </summary>
public sealed partial record CycleLabels : LabelCatalog<CycleLabels>, ILabelCatalog<CycleLabels>
{
    private CycleLabels()
    {
    }

    // Every label is a method: the catalog holds no words of its own to fill in.
    static CycleLabels ILabelCatalog<CycleLabels>.Catalog(RenderLanguage language) => new() { Language = language };

    /// <summary><c>kos cycle</c>: a job's line — its name (a code, as <c>--job</c> takes it), what happened, when it is due next.</summary>
    public string Job(string job, string status, DateTimeOffset? next)
    {
        var happened = (status, English) switch
        {
            (_, true) => status,
            ("ran", false) => "выполнено",
            ("held", false) => "занято другим узлом",
            ("failed", false) => "сбой",
            ("not_due", false) => "ещё не время",
            _ => status,
        };
        var stamp = next?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return $"{job}: {happened}" + (stamp is null ? "" : English ? $" (next {stamp} UTC)" : $" (следующий запуск {stamp} UTC)");
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
        return (code, English) switch
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
            (CycleLine.Codes.FeedFailed, false) => $"{A(0)}: сбой — {FeedError(A(1))}",
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

    /// <summary>
    /// A feed's failure as the feed fetcher and parser wrote it (English, as the cycle logs and records it), worded in this
    /// language where the words are ours: the status line, timeouts, the open circuit, the size limit, what is not a feed.
    /// What came from elsewhere stays as it came, as data: an HTTP reason phrase (<c>Service Unavailable</c>), the XML
    /// parser's message, the network's error text. A text in no known form is shown as written.
    /// </summary>
    public string FeedError(string stored)
    {
        if (English) return stored;
        foreach (var (pattern, ru) in FeedErrors)
            if (pattern.Match(stored) is { Success: true } m)
                return ru(m.Groups.Cast<Group>().Skip(1).Select(g => g.Value).ToArray());
        return stored;
    }

    // The fetcher's and parser's own English forms (FeedFetcher, FeedParser), each with its Russian words; the groups
    // carry numbers and text that came from elsewhere. The last one (any text and the attempts) comes last.
    private static readonly (Regex Pattern, Func<string[], string> Ru)[] FeedErrors =
    [
        (FeedErrorForm(@"HTTP (\d{3}) (.*) after (\d+) attempt\(s\)"), a => $"HTTP {a[0]} {a[1]}, попыток: {a[2]}"),
        (FeedErrorForm(@"timed out \(each attempt (\d+) ms, all (\d+) ms\) after (\d+) attempt\(s\)"),
            a => $"время ожидания истекло (на попытку {a[0]} мс, на все {a[1]} мс), попыток: {a[2]}"),
        (FeedErrorForm(@"the circuit for this feed is open after repeated failures; calls are refused for up to (\d+) s"),
            a => $"после повторных сбоев лента временно отключена: запросы к ней не делаются до {a[0]} с"),
        (FeedErrorForm(@"(.*: )?the body is ([\d,]+) bytes; the limit is ([\d,]+)"), a => $"{a[0]}ответ — {a[1]} байт, больше предела {a[2]}"),
        (FeedErrorForm(@"(.*: )?the body is over the limit of ([\d,]+) bytes"), a => $"{a[0]}ответ больше предела в {a[1]} байт"),
        (FeedErrorForm(@"the response is empty, not a feed\."), _ => "ответ пуст, это не лента."),
        (FeedErrorForm(@"returned an HTML page \((.*)\), not a feed \(RSS 2\.0, Atom or JSON Feed\)\."),
            a => $"пришла HTML-страница ({(a[0] == "no content type" ? "без типа содержимого" : a[0])}), а не лента (RSS 2.0, Atom или JSON Feed)."),
        (FeedErrorForm(@"returned an HTML page, not a feed\."), _ => "пришла HTML-страница, а не лента."),
        (FeedErrorForm(@"invalid XML at line (\d+), position (\d+): (.*)"), a => $"неверный XML в строке {a[0]}, позиция {a[1]}: {a[2]}"),
        (FeedErrorForm(@"XML with root <(.*)> is not a feed \(expected <rss> or Atom <feed>\)\."), a => $"XML с корнем <{a[0]}> — не лента (ожидается <rss> или Atom <feed>)."),
        (FeedErrorForm(@"RSS without a <channel>\."), _ => "RSS без <channel>."),
        (FeedErrorForm(@"invalid JSON at line (\d+): not a JSON Feed\."), a => $"неверный JSON в строке {a[0]}: это не JSON Feed."),
        (FeedErrorForm(@"JSON that is not a JSON Feed \(needs (.*) and (.*)\)\."), a => $"JSON, но не JSON Feed (нужны {a[0]} и {a[1]})."),
        (FeedErrorForm(@"(.+) after (\d+) attempt\(s\)"), a => $"{a[0]}, попыток: {a[1]}"),
    ];

    private static Regex FeedErrorForm(string pattern) => new("^" + pattern + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline);

    private static string Stamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
