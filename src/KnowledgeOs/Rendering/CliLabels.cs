using System.Globalization;

namespace KnowledgeOs.Rendering;

/// <summary>
/// The command-line part of the one catalog (<see cref="RenderLabels"/> holds the documents' words): the table
/// headings and the summary lines people read in <c>kos expert list</c>, <c>history</c>, <c>learn</c>, <c>search</c>,
/// <c>route</c>, <c>import</c>, <c>keys list</c> and <c>progress</c>, in the team's language or the one <c>--lang</c>
/// names. <c>--json</c> keeps its English field names: they are an interface, not text. Every word is required in both
/// languages; counts come as numbers and are worded here.
/// </summary>
public sealed record CliLabels
{
    /// <summary>Russian.</summary>
    public static CliLabels Ru { get; } = new()
    {
        Language = RenderLanguage.Ru,
        ExpertColumns = ["код", "имя", "роль", "приоритет", "статус", "задач", "успешно", "записей", "уровень"],
        HistoryColumns = ["id", "раздел", "запись", "первый источник", "впервые", "подтверждения", "статус"],
        ReportColumns = ["файл", "задача", "статус", "событий", "эксперты"],
        SearchColumns = ["эксперт", "раздел", "текст", "статус", "оценка", "совпало"],
        RouteColumns = ["место", "эксперт", "роль", "оценка", "почему"],
        ImportColumns = ["файл", "эксперт", "профиль", "записей по разделам", "повторы", "заявки", "результат"],
        KeyColumns = ["id", "команда", "владелец", "права", "создан", "отозван"],
        NoKeys = "Ключей доступа нет: kos serve принимает запросы только с локального адреса, без проверки.",
        ProgressNote = "Прогресс — доля пунктов программы, доказательство которых есть (какие — показывает kos program <slug>); изменение — против состояния 7 дней назад.",
    };

    /// <summary>English.</summary>
    public static CliLabels En { get; } = new()
    {
        Language = RenderLanguage.En,
        ExpertColumns = ["slug", "name", "role", "prio", "status", "tasks", "success", "items", "level"],
        HistoryColumns = ["id", "section", "item", "first source", "first at", "confirmations", "status"],
        ReportColumns = ["file", "task", "status", "events", "experts"],
        SearchColumns = ["expert", "section", "text", "status", "score", "matched"],
        RouteColumns = ["rank", "expert", "role", "score", "why"],
        ImportColumns = ["file", "expert", "profile", "items per section", "repeats", "claims", "result"],
        KeyColumns = ["id", "team", "name", "scopes", "created", "revoked"],
        NoKeys = "No API keys: kos serve accepts requests on loopback only, without authentication.",
        ProgressNote = "Progress is the share of program items whose evidence holds (kos program <slug> shows which); change is against the state recorded 7 days before.",
    };

    /// <summary>The labels of a language.</summary>
    public static CliLabels For(RenderLanguage language) => language == RenderLanguage.En ? En : Ru;

    /// <summary>The language these words are in.</summary>
    public required RenderLanguage Language { get; init; }
    /// <summary><c>kos expert list</c> columns.</summary>
    public required IReadOnlyList<string> ExpertColumns { get; init; }
    /// <summary><c>kos history</c> columns.</summary>
    public required IReadOnlyList<string> HistoryColumns { get; init; }
    /// <summary><c>kos learn</c> (and <c>kos demo</c>) columns, a row per report file.</summary>
    public required IReadOnlyList<string> ReportColumns { get; init; }
    /// <summary><c>kos search</c> columns.</summary>
    public required IReadOnlyList<string> SearchColumns { get; init; }
    /// <summary><c>kos route</c> columns.</summary>
    public required IReadOnlyList<string> RouteColumns { get; init; }
    /// <summary><c>kos import</c> columns.</summary>
    public required IReadOnlyList<string> ImportColumns { get; init; }
    /// <summary><c>kos keys list</c> columns.</summary>
    public required IReadOnlyList<string> KeyColumns { get; init; }
    /// <summary><c>kos keys list</c> with no key.</summary>
    public required string NoKeys { get; init; }
    /// <summary>Under the <c>kos progress</c> table: what progress and change mean.</summary>
    public required string ProgressNote { get; init; }

    private bool En_ => Language == RenderLanguage.En;

    /// <summary>A team with no expert yet.</summary>
    public string NoExperts(string team) => En_
        ? $"Team '{team}' has no experts yet. Try: kos demo, or kos expert add."
        : $"В команде «{team}» пока нет экспертов. Попробуйте: kos demo или kos expert add.";

    /// <summary>A search with no hit.</summary>
    public string NoMatch(string team, string query) => En_
        ? $"Nothing in team '{team}' matches '{query}'."
        : $"В команде «{team}» ничего не нашлось по запросу «{query}».";

    /// <summary>A route with no candidate.</summary>
    public string NoRoute(string team) => En_
        ? $"No expert of team '{team}' has knowledge, a role or tasks matching the task's words."
        : $"Ни у одного эксперта команды «{team}» нет знаний, роли или задач со словами задачи.";

    /// <summary>Under the <c>kos history</c> table.</summary>
    public string HistorySummary(int items, int sources, int tasks, long version) => En_
        ? Inv($"{items} items, {sources} sources, {tasks} tasks, version {version}.")
        : $"{Plural.Ru(items, "запись", "записи", "записей")}, {Plural.Ru(sources, "источник", "источника", "источников")}, "
          + $"{Plural.Ru(tasks, "задача", "задачи", "задач")}, версия {version.ToString(CultureInfo.InvariantCulture)}.";

    /// <summary>A participant name a report matched to an expert (<c>matched «Igor» → igor …</c>).</summary>
    public string Matched(string match) => (En_ ? "matched " : "сопоставлено: ") + match;

    /// <summary>The counts of a <c>kos learn</c> run; <paramref name="amended"/> is said only when non-zero.</summary>
    public string LearnSummary(int learned, int amended, int replays, int errors, int events, int? files) => En_
        ? Inv($"{learned} learned, {(amended > 0 ? $"{amended} amended, " : "")}{replays} already known (no change), {errors} with errors; {events} events written")
          + (files is { } n ? Inv($" ({n} files; --json lists every one).") : ".")
        : Inv($"изучено: {learned}, {(amended > 0 ? $"исправлено: {amended}, " : "")}уже известно (без изменений): {replays}, с ошибками: {errors}; записано событий: {events}")
          + (files is { } m ? Inv($" (файлов: {m}; --json перечисляет все).") : ".");

    /// <summary>On standard error after a <c>kos learn</c> run with failures.</summary>
    public string LearnFailed(int failed, int files) => En_
        ? Inv($"{failed} of {files} report files were not learned (listed above); the others were.")
        : Inv($"Не изучено файлов отчётов: {failed} из {files} (перечислены выше); остальные изучены.");

    /// <summary>After the first errors of a large run.</summary>
    public string MoreErrors(int more) => En_
        ? Inv($"… and {more} more errors (--json has them all).")
        : Inv($"… и ещё ошибок: {more} (в --json все).");

    /// <summary>After the first notes of a large import.</summary>
    public string MoreNotes(int more) => En_
        ? Inv($"… and {more} more notes (--json has them all).")
        : Inv($"… и ещё замечаний: {more} (в --json все).");

    /// <summary>Under an import table that shows only the files worth a look.</summary>
    public string MoreFilesClean(int more) => En_
        ? Inv($"{more} more files imported cleanly; --json lists every one.")
        : Inv($"Ещё файлов импортировано без замечаний: {more}; --json перечисляет все.");

    /// <summary>The counts of a <c>kos import</c> run.</summary>
    public string ImportSummary(bool dryRun, int imported, int already, int failed, int items, int repeats, int claims, int events) => En_
        ? Inv($"{imported} files {(dryRun ? "would be imported" : "imported")}, {already} already imported (no change), {failed} with errors; ")
          + Inv($"{items} items, {repeats} repeats dropped, {claims} claims, ")
          + (dryRun ? Inv($"{events} events would be written (dry run: nothing written).") : Inv($"{events} events written."))
        : Inv($"{(dryRun ? "будет импортировано" : "импортировано")} файлов: {imported}, уже импортировано (без изменений): {already}, с ошибками: {failed}; ")
          + Inv($"записей: {items}, отброшено повторов: {repeats}, заявок: {claims}, ")
          + (dryRun ? Inv($"будет записано событий: {events} (пробный запуск: ничего не записано).") : Inv($"записано событий: {events}."));

    /// <summary>On standard error after a <c>kos import</c> run with failures.</summary>
    public string ImportFailed(bool missingPath, int failed, int files) => (missingPath, En_) switch
    {
        (true, true) => "A path given does not exist (listed above); the other files were imported.",
        (true, false) => "Указанного пути нет (см. выше); остальные файлы импортированы.",
        (false, true) => Inv($"{failed} of {files} files were not imported (listed above); the others were."),
        (false, false) => Inv($"Не импортировано файлов: {failed} из {files} (перечислены выше); остальные импортированы."),
    };

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
