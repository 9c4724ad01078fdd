using System.Globalization;

namespace KnowledgeOs.Rendering;

/// <summary>
/// The command-line part of the one catalog (<see cref="RenderLabels"/> holds the documents' words): the table
/// headings and the summary lines people read in <c>kos expert list</c>, <c>history</c>, <c>learn</c>, <c>search</c>,
/// <c>route</c>, <c>import</c>, <c>keys list</c> and <c>progress</c>, in the team's language or the one <c>--lang</c>
/// names. <c>--json</c> keeps its English field names: they are an interface, not text. Every word is required in both
/// languages; counts come as numbers and are worded here.
/// </summary>
public sealed partial record CliLabels : LabelCatalog<CliLabels>, ILabelCatalog<CliLabels>
{
    // Every word once, the Russian beside the English, so a change to one is made beside the other.
    static CliLabels ILabelCatalog<CliLabels>.Catalog(RenderLanguage language)
    {
        var b = new Bilingual(language);
        return new()
        {
            Language = language,
            ExpertColumns = b.Pick(["код", "имя", "роль", "приоритет", "статус", "задач", "успешно", "записей", "уровень", "в работе", "посл. задача"],
                ["slug", "name", "role", "prio", "status", "tasks", "success", "items", "level", "open", "last task"]),
            HistoryColumns = b.Pick(["id", "раздел", "запись", "первый источник", "впервые", "подтверждения", "статус"],
                ["id", "section", "item", "first source", "first at", "confirmations", "status"]),
            ReportColumns = b.Pick(["файл", "задача", "статус", "событий", "эксперты"], ["file", "task", "status", "events", "experts"]),
            SearchColumns = b.Pick(["эксперт", "раздел", "текст", "статус", "оценка", "совпало"],
                ["expert", "section", "text", "status", "score", "matched"]),
            RouteColumns = b.Pick(["место", "эксперт", "роль", "оценка", "почему"], ["rank", "expert", "role", "score", "why"]),
            ImportColumns = b.Pick(["файл", "эксперт", "профиль", "записей по разделам", "повторы", "заявки", "результат"],
                ["file", "expert", "profile", "items per section", "repeats", "claims", "result"]),
            KeyColumns = b.Pick(["id", "команда", "владелец", "права", "создан", "отозван"], ["id", "team", "name", "scopes", "created", "revoked"]),
            NoKeys = b.Pick("Ключей доступа нет: kos serve принимает запросы только с локального адреса, без проверки.",
                "No API keys: kos serve accepts requests on loopback only, without authentication."),
            ProgressNote = b.Pick("Прогресс — доля пунктов программы, доказательство которых есть (какие — показывает kos program <slug>); изменение — против состояния 7 дней назад.",
                "Progress is the share of program items whose evidence holds (kos program <slug> shows which); change is against the state recorded 7 days before."),
        };
    }

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

    /// <summary>A team with no expert yet.</summary>
    public string NoExperts(string team) => English
        ? $"Team '{team}' has no experts yet. Try: kos demo, or kos expert add."
        : $"В команде «{team}» пока нет экспертов. Попробуйте: kos demo или kos expert add.";

    /// <summary>A search with no hit.</summary>
    public string NoMatch(string team, string query) => English
        ? $"Nothing in team '{team}' matches '{query}'."
        : $"В команде «{team}» ничего не нашлось по запросу «{query}».";

    /// <summary>A route with no candidate.</summary>
    public string NoRoute(string team) => English
        ? $"No expert of team '{team}' has knowledge, a role or tasks matching the task's words."
        : $"Ни у одного эксперта команды «{team}» нет знаний, роли или задач со словами задачи.";

    /// <summary>Under the <c>kos history</c> table.</summary>
    public string HistorySummary(int items, int sources, int tasks, long version) => English
        ? $"{Plural.En(items, "item", "items")}, {Plural.En(sources, "source", "sources")}, {Plural.En(tasks, "task", "tasks")}, version {version.ToString(CultureInfo.InvariantCulture)}."
        : $"{Plural.Ru(items, "запись", "записи", "записей")}, {Plural.Ru(sources, "источник", "источника", "источников")}, "
          + $"{Plural.Ru(tasks, "задача", "задачи", "задач")}, версия {version.ToString(CultureInfo.InvariantCulture)}.";

    /// <summary>A participant name a report matched to an expert (<c>matched «Igor» → igor …</c>).</summary>
    public string Matched(string match) => (English ? "matched " : "сопоставлено: ") + match;

    /// <summary>The counts of a <c>kos learn</c> run; <paramref name="amended"/> is said only when non-zero.</summary>
    public string LearnSummary(int learned, int amended, int replays, int errors, int events, int? files) => English
        ? Inv($"{learned} learned, {(amended > 0 ? $"{amended} amended, " : "")}{replays} already known (no change), {errors} with errors; {Plural.En(events, "event", "events")} written")
          + (files is { } n ? $" ({Plural.En(n, "file", "files")}; --json lists every one)." : ".")
        : Inv($"изучено: {learned}, {(amended > 0 ? $"исправлено: {amended}, " : "")}уже известно (без изменений): {replays}, с ошибками: {errors}; записано событий: {events}")
          + (files is { } m ? Inv($" (файлов: {m}; --json перечисляет все).") : ".");

    /// <summary>On standard error after a <c>kos learn</c> run with failures.</summary>
    public string LearnFailed(int failed, int files) => English
        ? Inv($"{failed} of {files} report files were not learned (listed above); the others were.")
        : Inv($"Не изучено файлов отчётов: {failed} из {files} (перечислены выше); остальные изучены.");

    /// <summary>After the first errors of a large run.</summary>
    public string MoreErrors(int more) => English
        ? Inv($"… and {more} more errors (--json has them all).")
        : Inv($"… и ещё ошибок: {more} (в --json все).");

    /// <summary>After the first notes of a large import.</summary>
    public string MoreNotes(int more) => English
        ? Inv($"… and {more} more notes (--json has them all).")
        : Inv($"… и ещё замечаний: {more} (в --json все).");

    /// <summary>Under an import table that shows only the files worth a look.</summary>
    public string MoreFilesClean(int more) => English
        ? $"{Plural.En(more, "more file", "more files")} imported cleanly; --json lists every one."
        : Inv($"Ещё файлов импортировано без замечаний: {more}; --json перечисляет все.");

    /// <summary>The counts of a <c>kos import</c> run.</summary>
    public string ImportSummary(bool dryRun, int imported, int already, int failed, int items, int repeats, int claims, int events) => English
        ? Inv($"{Plural.En(imported, "file", "files")} {(dryRun ? "would be imported" : "imported")}, {already} already imported (no change), {failed} with errors; ")
          + $"{Plural.En(items, "item", "items")}, {Plural.En(repeats, "repeat", "repeats")} dropped, {Plural.En(claims, "claim", "claims")}, "
          + Plural.En(events, "event", "events") + (dryRun ? " would be written (dry run: nothing written)." : " written.")
        : Inv($"{(dryRun ? "будет импортировано" : "импортировано")} файлов: {imported}, уже импортировано (без изменений): {already}, с ошибками: {failed}; ")
          + Inv($"записей: {items}, отброшено повторов: {repeats}, заявок: {claims}, ")
          + (dryRun ? Inv($"будет записано событий: {events} (пробный запуск: ничего не записано).") : Inv($"записано событий: {events}."));

    /// <summary>On standard error after a <c>kos import</c> run with failures.</summary>
    public string ImportFailed(bool missingPath, int failed, int files) => (missingPath, English) switch
    {
        (true, true) => "A path given does not exist (listed above); the other files were imported.",
        (true, false) => "Указанного пути нет (см. выше); остальные файлы импортированы.",
        (false, true) => Inv($"{failed} of {Plural.En(files, "file", "files")} {(failed == 1 ? "was" : "were")} not imported (listed above); the others were."),
        (false, false) => Inv($"Не импортировано файлов: {failed} из {files} (перечислены выше); остальные импортированы."),
    };

    /// <summary>A report file's status in the <c>kos learn</c>/<c>demo</c> table (<c>--json</c> keeps the value: learned, amended, replay, error).</summary>
    public string ReportStatus(string status) => (status, English) switch
    {
        ("learned", false) => "изучен",
        ("amended", false) => "исправлен",
        ("replay", false) => "уже известен",
        ("error", false) => "ошибка",
        ("replay", true) => "replay",
        _ => status,
    };

    /// <summary>An item's status in the <c>kos history</c> and <c>search</c> tables (<c>--json</c> keeps the value: active, retracted).</summary>
    public string ItemStatus(KnowledgeOs.Experts.ItemStatus status, string? reason = null) => status == KnowledgeOs.Experts.ItemStatus.Active
        ? English ? "active" : "действует"
        : (English ? "retracted" : "отозвана") + (string.IsNullOrEmpty(reason) ? "" : ": " + RenderLabels.For(Language).StoredReasonText(reason));

    /// <summary>A section named in a table: its code in English (as <c>--section</c> takes it), its Russian name in Russian.</summary>
    public string SectionLabel(string code) =>
        English || !Sections.SectionCatalog.TryParse(code, out var kind) ? code : RenderLabels.Ru.SectionName(kind);

    /// <summary>An expert's status in the <c>kos expert list</c> table (<c>--json</c> keeps the value: active, paused, retired).</summary>
    public string ExpertStatus(Events.ExpertStatus status) => (status, English) switch
    {
        (_, true) => Events.ExpertStatuses.Code(status),
        (Events.ExpertStatus.Active, false) => "активен",
        (Events.ExpertStatus.Paused, false) => "на паузе",
        (Events.ExpertStatus.Retired, false) => "выбыл",
        _ => Events.ExpertStatuses.Code(status),
    };

    /// <summary>The prefix of an error line under a table.</summary>
    public string ErrorWord => English ? "error" : "ошибка";

    /// <summary>The prefix of a note line under the <c>kos import</c> table.</summary>
    public string NoteWord => English ? "note" : "замечание";

    /// <summary>A search hit's score weighed by the item's usefulness in past tasks.</summary>
    public string Usefulness(double factor) => Inv($"{(English ? "usefulness" : "полезность")} ×{factor:0.00}");

    /// <summary>The first line of <c>kos demo</c>.</summary>
    public string DemoOpening(string team, string where, int experts, int added) => English
        ? Inv($"Team '{team}' in {where}: {Plural.En(experts, "expert", "experts")} ({added} new).")
        : $"Команда «{team}» в {where}: {Plural.Ru(experts, "эксперт", "эксперта", "экспертов")} (новых: {added.ToString(CultureInfo.InvariantCulture)}).";

    /// <summary>The last line of <c>kos demo</c>: what to try next.</summary>
    public string DemoNext => English
        ? "Next: kos expert list · kos render <slug> --lang en · kos history <slug> · kos demo (again: every report is a replay, nothing changes)"
        : "Дальше: kos expert list · kos render <slug> --lang en · kos history <slug> · kos demo (ещё раз: каждый отчёт уже известен, ничего не меняется)";

    /// <summary>The result cell of a <c>kos import</c> row.</summary>
    public string ImportResult(bool ok, bool already, int events, bool dryRun, bool onboarded) => (ok, already, events, dryRun, English) switch
    {
        (false, _, _, _, _) => ErrorWord,
        (_, true, _, _, true) => "already imported",
        (_, true, _, _, false) => "уже импортирован",
        (_, _, 0, _, true) => "no change",
        (_, _, 0, _, false) => "без изменений",
        (_, _, _, true, true) => "would write " + Plural.En(events, "event", "events"),
        (_, _, _, true, false) => Inv($"будет записано событий: {events}"),
        (_, _, _, false, true) => (onboarded ? "onboarded, " : "") + Plural.En(events, "event", "events"),
        _ => Inv($"{(onboarded ? "принят, " : "")}событий: {events}"),
    };

    /// <summary>The profile cell of a <c>kos import</c> row: priority, creation date and status of a knowledge base; the creation date of a program.</summary>
    public string ImportProfile(bool knowledge, int? priority, string? created, Events.ExpertStatus? status)
    {
        var createdWord = English ? "created" : "создан";
        if (!knowledge) return created is null ? "—" : $"{createdWord} {created}";
        var statusText = status is { } known ? ExpertStatus(known) : "—";
        return $"{(English ? "priority" : "приоритет")} {priority?.ToString(CultureInfo.InvariantCulture) ?? "—"}, {createdWord} {created ?? "—"}, {statusText}";
    }

    /// <summary>The count of confirmed items in the sections cell of a <c>kos import</c> row.</summary>
    public string ImportConfirmed(int confirmed) => Inv($"{(English ? "confirmed" : "подтверждено")} {confirmed}");

    /// <summary>A note: headings the importer did not know, kept in "other".</summary>
    public string UnknownSections(string file, IEnumerable<string> headings) => English
        ? $"{file}: unknown sections kept verbatim in other: {string.Join(", ", headings.Select(h => $"'{h}'"))}"
        : $"{file}: незнакомые разделы сохранены как есть в «Прочее»: {string.Join(", ", headings.Select(h => $"«{h}»"))}";

    /// <summary>A note: an imported line that looks like another one.</summary>
    public string LooksLike(string file, int line, string text, string similar, string reason) => English
        ? Inv($"{file}: line {line}: '{text}' looks like '{similar}' ({reason}); kept both, retract one by hand if they are the same")
        : Inv($"{file}: строка {line}: «{text}» похоже на «{similar}» ({reason}); сохранены обе, отзовите одну вручную, если это одно и то же");

    /// <summary>A note: a path the import skipped (worded from its code, <see cref="ImportWarning(Import.ImportWarning)"/>).</summary>
    public string Skipped(string message) => (English ? "skipped " : "пропущено: ") + message;

    /// <summary>
    /// An importer's warning worded from its code and arguments (<see cref="Import.ImportWarning.Code"/>); English is the
    /// stored message as it is, and a warning with no code (or an unknown one) is shown as written.
    /// </summary>
    public string ImportWarning(Import.ImportWarning w)
    {
        if (English) return w.ToString();
        var text = RuWarning(w.Code, w.Args);
        if (text is null) return w.ToString();
        return w.Line > 0 ? Inv($"строка {w.Line}: {text}") : text;
    }

    /// <summary>An importer's warning worded without its line (the <c>--json</c> <c>message</c>, beside <c>line</c> and <c>code</c>).</summary>
    public string ImportWarningText(Import.ImportWarning w) => English ? w.Message : RuWarning(w.Code, w.Args) ?? w.Message;

    private static string? RuWarning(string code, IReadOnlyList<string> a)
    {
        string A(int i) => i < a.Count ? a[i] : "";
        return code switch
        {
            "text-before-first-section" => "текст между заголовком и первым разделом; сохранён в «Прочее»",
            "text-before-first-section-ignored" => "текст между заголовком и первым разделом пропущен",
            "creation-date-no-day" => $"в дате создания «{A(0)}» нет дня; взято {A(1)}",
            "creation-date-unreadable" => $"не удалось прочитать дату создания «{A(0)}»; записи датированы {A(1)}",
            "program-date-unreadable" => $"не удалось прочитать дату создания «{A(0)}»",
            "unknown-status" => $"неизвестный статус «{A(0)}»; эксперт импортирован как активный",
            "priority-unreadable" => $"не удалось прочитать приоритет «{A(0)}»; взят приоритет по умолчанию 3",
            "block-kept-whole" => $"{RuBlock(A(0))} сохранён одной записью",
            "text-before-title" => "текст до строки заголовка пропущен",
            "text-under-heading" => $"текст прямо под «{A(0)}» (без подраздела); сохранён в «Прочее»",
            "list-before-title" => "список до строки заголовка пропущен",
            "list-under-heading" => $"список прямо под «{A(0)}» (без подраздела); сохранён в «Прочее»",
            "search-date-unreadable" => $"не удалось прочитать дату поиска «{A(0)}»; лучшие практики ниже датированы датой документа",
            "solution-without-problem" => $"решение без проблемы перед ним: «{A(0)}»; сохранено как проблема",
            "section-empty" => $"раздел «{A(0)}» пуст; в нём нечего сохранять",
            "program-title" => "это заголовок программы обучения; файл прочитан как база знаний",
            "no-creation-date" => $"нет даты создания (Дата создания); записи датированы {A(0)}",
            "no-priority" => "нет приоритета (Приоритет); взят приоритет по умолчанию 3",
            "stage-repeated" => $"этап «{A(0)}» встречается снова; его пункты добавлены к первому",
            "item-not-imported" => $"запись раздела «{Ru.SectionLabel(A(0))}» не импортирована: {(A(2) is "" ? null : ErrorLabels.Ru(A(2), a.Skip(3).ToList())) ?? A(1)}",
            "title-and-file-name-differ" =>
                $"заголовок называет «{A(0)}», а имя файла — «{A(1)}»: сохранено как эксперт «{A(2)}» ({A(3)}, {A(4)}); оба имени — его псевдонимы",
            "namesake" => $"другого эксперта тоже зовут «{A(0)}»: {A(1)}; хранится отдельно от «{A(2)}» (в отчётах их различают по роли или коду)",
            "path-missing" => $"{A(0)}: нет такого файла или папки",
            "symlink-loop" => $"{A(0)}: петля символических ссылок (ведёт обратно в {A(1)}); повторно не обходится",
            "folder-unreadable" => $"{A(0)}: не удалось прочитать папку ({A(1)})",
            "symlink-unresolved" => $"{A(0)}: символическую ссылку не удалось разрешить (петля или нет цели)",
            _ => null,
        };
    }

    private static string RuBlock(string block) => block switch
    {
        "code block" => "блок кода",
        "HTML block" => "блок HTML",
        "quote" => "цитата",
        "table" => "таблица",
        _ => "блок",
    };

    /// <summary>The import's repair note (mojibake), worded from <c>FileImportReport.RepairArgs</c>; English is the stored note.</summary>
    public string? ImportRepair(string? repair, IReadOnlyList<string> args) => English || repair is null || args.Count < 3
        ? repair
        : $"кракозябры исправлены: текст UTF-8 был прочитан как {args[0]} и сохранён заново (исправлено строк: {args[1]} из {args[2]} с символами вне ASCII)";

    /// <summary>Why two imported lines look alike, from its code (<see cref="Import.NearDuplicate.ReasonCode"/>).</summary>
    public string LookAlikeReason(string code) => (code, English) switch
    {
        ("reordered", true) => Import.NearDuplicates.Reordered,
        ("reordered", false) => "те же слова в другом порядке",
        (_, true) => Import.NearDuplicates.OneWordApart,
        _ => "отличаются одним словом",
    };

    /// <summary><c>kos serve</c>: the line once it listens (tests and scripts wait for the address in it).</summary>
    public string Serving(string where, IReadOnlyList<string> urls)
    {
        var first = urls.Count > 0 ? urls[0].TrimEnd('/') : "";
        return English
            ? $"Serving {where} on {string.Join(", ", urls)} — dashboard at {first}/ui, API reference at {first}/scalar/v1. Ctrl+C stops."
            : $"Обслуживается {where} на {string.Join(", ", urls)} — панель: {first}/ui, справочник по программному интерфейсу: {first}/scalar/v1. Остановить: Ctrl+C.";
    }

    /// <summary><c>kos serve</c>: embeddings are on.</summary>
    public string EmbeddingsOn(string provider) => English
        ? $"Embeddings: {provider}; new items are embedded in the background and search fuses words with vectors."
        : $"Векторы: {provider}; новые записи получают векторы в фоне, и поиск объединяет слова с векторами.";

    /// <summary><c>kos serve --advertise-url</c>: the thread pool's spin limit (0 unless the operator set another).</summary>
    public string ThreadPoolSpin(int limit, string variable) => (English, limit) switch
    {
        (true, 0) => $"Thread-pool spinning is off on this forwarding server (less CPU per forwarded write); {variable} sets it.",
        (true, _) => $"Thread-pool spin limit {limit} on this forwarding server, as {variable} or the runtime config sets it.",
        (false, 0) => $"Ожидание потоков пула без прокрутки на этом пересылающем сервере (меньше процессора на пересланную запись); задаётся {variable}.",
        _ => $"Предел прокрутки потоков пула {limit} на этом пересылающем сервере, как задано в {variable} или в настройках среды выполнения.",
    };

    /// <summary><c>kos serve --sample</c>: the sample team loaded.</summary>
    public string SampleLoaded(string team, int experts, int learned) => English
        ? $"Sample team '{team}': {Plural.En(experts, "expert", "experts")}, {Plural.En(learned, "report", "reports")} learned now."
        : $"Учебная команда «{team}»: {Plural.Ru(experts, "эксперт", "эксперта", "экспертов")}, изучено отчётов сейчас: {learned.ToString(CultureInfo.InvariantCulture)}.";

    /// <summary><c>kos keys create</c>: the key made, before its secret.</summary>
    public string KeyCreated(string id, string team, IEnumerable<string> scopes, string name) => English
        ? $"Key {id} for team '{team}' ({string.Join(", ", scopes)}), held by {name}:"
        : $"Ключ {id} для команды «{team}» ({string.Join(", ", scopes)}), владелец {name}:";

    /// <summary><c>kos keys create</c>: after the secret; <paramref name="header"/> is the HTTP header to send it in (an interface, not words).</summary>
    public string KeyShownOnce(string header) => English
        ? $"It is shown only now; only its hash is stored. Send it as: {header}"
        : $"Ключ показан только сейчас; хранится лишь его хеш. Передавайте его заголовком: {header}";

    /// <summary><c>kos keys revoke</c>: done.</summary>
    public string KeyRevoked(string id) => English ? $"Revoked {id}." : $"Ключ {id} отозван.";

    /// <summary><c>kos item add</c>: recorded (or confirmed, when the same text was there).</summary>
    public string ItemRecorded(string id, string section, string expert) => English
        ? $"Item {id} recorded in {section} of {expert} (or confirmed, if it was there)."
        : $"Запись {id} добавлена в раздел «{SectionLabel(section)}» эксперта {expert} (или подтверждена, если уже была).";

    /// <summary><c>kos item add</c>: the same source recorded it before.</summary>
    public string ItemAlreadyRecorded(string id) => English
        ? $"Item {id} was already recorded from this source; nothing changed."
        : $"Запись {id} уже добавлена из этого источника; ничего не изменилось.";

    /// <summary><c>kos item confirm</c>: done.</summary>
    public string ItemConfirmed(string id) => English ? $"Confirmed {id}." : $"Запись {id} подтверждена.";

    /// <summary><c>kos item confirm</c>: this source confirmed it before.</summary>
    public string ItemAlreadyConfirmed => English ? "Already confirmed by this source; nothing changed." : "Уже подтверждена этим источником; ничего не изменилось.";

    /// <summary><c>kos item retract</c>: done.</summary>
    public string ItemRetracted(string id) => English ? $"Retracted {id}." : $"Запись {id} отозвана.";

    /// <summary><c>kos expert alias add</c>: done.</summary>
    public string AliasAdded(string expert, string name) => English ? $"{expert} is now also known as '{name}'." : $"{expert} теперь известен и как «{name}».";

    /// <summary><c>kos expert alias add</c>: the alias was there.</summary>
    public string AliasAlreadyThere(string expert, string name) => English
        ? $"{expert} already answers to '{name}'; nothing changed."
        : $"{expert} уже известен как «{name}»; ничего не изменилось.";

    /// <summary><c>kos expert alias remove</c>: done.</summary>
    public string AliasRemoved(string expert, string name) => English ? $"'{name}' is no longer an alias of {expert}." : $"«{name}» больше не другое имя {expert}.";

    /// <summary><c>kos expert alias remove</c>: no such alias.</summary>
    public string NoSuchAlias(string expert, string name) => English
        ? $"{expert} has no alias '{name}'; nothing changed."
        : $"У {expert} нет другого имени «{name}»; ничего не изменилось.";

    /// <summary><c>kos item retract</c>: it was retracted before.</summary>
    public string ItemAlreadyRetracted => English ? "Already retracted; nothing changed." : "Уже отозвана; ничего не изменилось.";

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
