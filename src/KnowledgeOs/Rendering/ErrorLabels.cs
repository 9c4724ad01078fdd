namespace KnowledgeOs.Rendering;

/// <summary>
/// The domain's errors worded for people (the CLI's error line, a dashboard error page) from their code and arguments
/// (<see cref="KnowledgeOsException.Code"/>). English is the error's own message, as problem+json and the log have it;
/// an error with no wording in a language is shown in English (<see cref="Text"/> gives null then).
/// </summary>
public static class ErrorLabels
{
    /// <summary>The error worded in <paramref name="language"/>, or null when it has no wording there but its English message.</summary>
    public static string? Text(KnowledgeOsException error, RenderLanguage language)
    {
        ArgumentNullException.ThrowIfNull(error);
        return language == RenderLanguage.En ? error.Message : Ru(error.Code, error.Args);
    }

    /// <summary>
    /// A problem+json <c>title</c> (its English words, as the server writes them) in <paramref name="language"/>, or null
    /// for a title with no wording there.
    /// </summary>
    public static string? ProblemTitle(string english, RenderLanguage language) => language == RenderLanguage.En ? english : english switch
    {
        "Invalid request" => "Неверный запрос",
        "Limit exceeded" => "Превышен предел",
        "Not found" => "Не найдено",
        "Conflict" => "Конфликт",
        "Precondition failed" => "Версия не совпала",
        "Storage unavailable" => "Хранилище недоступно",
        "Internal server error" => "Внутренняя ошибка сервера",
        "Request too large" => "Слишком большой запрос",
        "Unsupported media type" => "Неподдерживаемый тип содержимого",
        "Too many requests" => "Слишком много запросов",
        "Unauthorized" => "Нужна аутентификация",
        "Forbidden" => "Доступ запрещён",
        "Request in progress" => "Запрос ещё выполняется",
        "Too many streams" => "Слишком много потоков",
        "Not ready" => "Не готов",
        _ => null,
    };

    /// <summary>The line after a usage error: a guess at what was meant (the names as given, may be empty) and where help is.</summary>
    public static string UsageHelp(IReadOnlyList<string> meant, RenderLanguage language)
    {
        ArgumentNullException.ThrowIfNull(meant);
        if (language == RenderLanguage.En)
            return (meant.Count == 0 ? "" : $" Did you mean {string.Join(" or ", meant)}?") + " Run kos --help or kos <command> --help.";
        return (meant.Count == 0 ? "" : $" Может быть, вы имели в виду {string.Join(" или ", meant)}?") + " Справка: `kos --help` или `kos <команда> --help`.";
    }

    private static string When(string axis, string at) => axis == "recorded" ? $"по записям на {at}" : $"на {at}";

    private static string Who(string who, string role) => role.Length == 0 ? $"«{who}»" : $"«{who}» с ролью «{role}»";

    private static int ParseCount(string text) =>
        int.TryParse(text.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>The Russian wording of a code, or null for a code with none.</summary>
    public static string? Ru(string code, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string A(int i) => i < args.Count ? args[i] : "";
        return code switch
        {
            ErrorCodes.ExpertNotFound => $"В команде «{A(0)}» нет эксперта «{A(1)}».",
            ErrorCodes.ItemNotFound => $"У {A(0)} нет записи «{A(1)}».",
            ErrorCodes.ItemAmbiguous => $"Код записи «{A(0)}» подходит к нескольким записям; дайте больше знаков.",
            ErrorCodes.TeamEmpty => $"В команде «{A(0)}» нет экспертов.",
            ErrorCodes.ExpertsNotInTeam => $"В команде нет экспертов: {A(0)}.",
            ErrorCodes.StaleVersion => $"Эксперт «{A(0)}» уже в версии {A(1)}, а не {A(2)}; перечитайте его и повторите с его версией.",
            ErrorCodes.ConnectionStringInvalid => $"{A(0)}: строка подключения к `PostgreSQL` не читается.",
            ErrorCodes.StoreNotEmpty => $"Нельзя импортировать в {A(0)}: в хранилище уже есть события. Импортируйте в пустое хранилище.",
            ErrorCodes.LeaseWaitedOut => $"Запись {A(1)} с ждала аренду записи команды «{A(0)}», которую держит другой сервер; ничего не записано, повторите запрос (не завис ли тот сервер?).",
            ErrorCodes.WriteRaced => "Другой писатель в тот же миг сохранил те же события или тот же ключ; ничего не записано, повторите запрос.",
            ErrorCodes.IdempotencyKeyReused => $"Ключ идемпотентности «{A(0)}» команды «{A(1)}» уже использован для другого запроса; ничего не записано.",
            ErrorCodes.LimitExceeded => $"Поле «{A(0)}» больше предела {A(1)} = {A(2)}; ничего не записано.",
            ErrorCodes.UnknownLanguage => $"{A(0)}: неизвестный язык «{A(1)}» (ожидается ru или en).",
            ErrorCodes.KeyNotFound => $"Действующего ключа «{A(0)}» нет (см. kos keys list).",
            ErrorCodes.PathMissing => $"{A(0)}: нет такого файла или папки.",
            ErrorCodes.FileEmpty => A(0).Length == 0 ? "Файл пуст." : $"{A(0)}: файл пуст.",
            ErrorCodes.JsonInvalid => $"{A(0)}: неверный JSON в строке {A(1)}, байт {A(2)}.",
            ErrorCodes.FieldRequired => A(0).Length == 0 ? $"Поле «{A(1)}» обязательно." : $"{A(0)}: поле «{A(1)}» обязательно.",
            ErrorCodes.FieldNotString => $"{A(0)}: поле «{A(1)}» должно быть строкой.",
            ErrorCodes.FieldNotWholeNumber => $"{A(0)}: поле «{A(1)}» должно быть целым числом от 0 до {A(2)}.",
            ErrorCodes.FieldNotDate => $"{A(0)}: поле «{A(1)}»: «{A(2)}» — не дата и время со смещением (например, 2026-03-02T14:00:00Z или 2026-03-02T17:00:00+03:00).",
            ErrorCodes.UnknownOutcome => $"{A(0)}: в поле «{A(1)}» неизвестный исход «{A(2)}» (ожидается одно из: {A(3)}).",
            ErrorCodes.ParticipantInProgress => $"{A(0)}: в поле «{A(1)}» «{A(2)}», но участник не может быть «в работе» один: укажите `in_progress` в исходе всего отчёта.",
            ErrorCodes.TaskLearnedWithOtherContent => $"Ключ идемпотентности «{A(0)}» команды «{A(1)}» уже использован для другого запроса; "
                + $"ничего не записано. Задача {A(2)} уже изучена по другому содержимому. Чтобы применить отчёт как исправление задачи, "
                + $"дайте `kos learn FILE --amend` (HTTP: `POST /api/v1/teams/{A(1)}/reports?amend=true`; MCP: `learn_from_report` с `amend: true`).",
            ErrorCodes.ExpertExistsDifferent => $"Эксперт «{A(0)}» уже есть: {A(1)} ({A(2)}), и у него другое: {A(3)}; меняйте его командой `kos expert change`.",
            ErrorCodes.ItemRetracted => $"Запись {A(0)} отозвана ({A(1)}); добавьте её снова, чтобы вернуть.",
            ErrorCodes.SlugInvalid => $"{A(1)}: «{A(0)}» — неверный код: строчные латинские буквы, цифры, «-» или «_» (от 1 до 64 знаков).",
            ErrorCodes.TextTooLong => $"Поле «{A(0)}»: {A(1)} {Plural.RuForm(ParseCount(A(1)), "знак", "знака", "знаков")}, а предел {A(2)}.",
            ErrorCodes.ParticipantUnknown => $"{A(0)}: в команде нет эксперта {Who(A(1), A(2))}."
                + (A(3).Length == 0 ? "" : $" Эксперты с этим именем в других ролях: {A(3)}; укажите роль или код, если это один из них.")
                + " Сначала добавьте его (`kos expert add`) или дайте `--onboard`, чтобы создать его по отчёту.",
            ErrorCodes.ParticipantAmbiguous => $"{A(0)}: под {Who(A(1), A(2))} подходят несколько экспертов: {A(3)}; "
                + (A(2).Length == 0 ? "укажите роль или код, чтобы сказать, кто из них." : "укажите код, чтобы сказать, кто из них."),
            ErrorCodes.ParticipantNoName => $"{A(0)}: нельзя добавить эксперта без имени.",
            ErrorCodes.ParticipantTwice => $"{A(0)}: эксперт {Who(A(1), A(2))} дважды в отчёте.",
            ErrorCodes.SlugFromNameImpossible => $"{A(0)}: из имени «{A(1)}» не получается код эксперта.",
            ErrorCodes.ExpertMerged => $"{A(0)}: «{A(1)}» объединён с «{A(2)}»; укажите «{A(2)}».",
            ErrorCodes.MergeIntoItself => $"Нельзя объединить «{A(0)}» с самим собой.",
            ErrorCodes.UsedItemsUnknown => $"{A(0)}: ни у одного эксперта команды «{A(1)}» нет записи {A(2)}.",
            ErrorCodes.ExpertEmptyAt => $"У эксперта «{A(0)}» {When(A(1), A(2))} ещё не было базы знаний.",
            ErrorCodes.TaskMissing => $"{A(0)}: опишите задачу — дайте её текст (и, если нужно, заголовок).",
            ErrorCodes.NothingToSearch => $"{A(0)}: искать нечего — только служебные слова, знаки препинания или символы.",
            ErrorCodes.NumberNotBetween => A(2).Length == 0 ? $"{A(0)}: должно быть не меньше {A(1)}." : $"{A(0)}: должно быть от {A(1)} до {A(2)}.",
            ErrorCodes.BudgetTooSmall => $"{A(0)}: в бюджет {A(1)} не помещаются даже заголовок и счётчики пакета ({A(2)} {A(3)}); дайте больше.",
            ErrorCodes.UsageUnknownOption => $"Неизвестный параметр «{A(0)}».",
            ErrorCodes.UsageUnknownCommand => $"Неизвестная команда «{A(0)}».",
            ErrorCodes.UsageMissingArgument => $"Команде «{A(0)}» не хватает обязательного аргумента «{A(1)}».",
            ErrorCodes.UsageBadValue => $"«{A(0)}» — неверное значение для этого параметра или аргумента.",
            ErrorCodes.UsageExtraArgument => $"Аргументу «{A(0)}» нет места в этой команде.",
            ErrorCodes.FieldNotObject => A(1) == "$" ? $"{A(0)}: ожидается объект JSON." : $"{A(0)}: поле «{A(1)}» должно быть объектом.",
            ErrorCodes.FieldNotList => $"{A(0)}: поле «{A(1)}» должно быть списком.",
            ErrorCodes.FieldNotStringOrObject => $"{A(0)}: поле «{A(1)}» должно быть строкой или объектом.",
            ErrorCodes.FieldNotBoolean => $"{A(0)}: поле «{A(1)}» должно быть логическим значением (true или false).",
            ErrorCodes.ListEmpty => $"{A(0)}: список «{A(1)}» пуст; нужен хотя бы один элемент.",
            ErrorCodes.FieldUnknown => A(2).Length == 0 ? $"{A(0)}: поле «{A(1)}» здесь неизвестно."
                : $"{A(0)}: поле «{A(1)}» здесь неизвестно (известны: {A(2)}).",
            ErrorCodes.FieldDuplicate => $"{A(0)}: поле «{A(1)}» дано дважды; дайте каждое поле один раз.",
            ErrorCodes.ValueDuplicate => $"{A(0)}: в поле «{A(1)}» повтор: «{A(2)}» уже есть выше.",
            ErrorCodes.ExpertDuplicate => $"{A(0)}: поле «{A(1)}»: эксперт «{A(2)}» с ролью «{A(3)}» уже есть выше.",
            ErrorCodes.FieldValueUnknown => $"{A(0)}: в поле «{A(1)}» неизвестное значение «{A(2)}» (ожидается одно из: {A(3)}).",
            ErrorCodes.NumberTooSmall => $"{A(0)}: поле «{A(1)}» должно быть не меньше {A(2)}.",
            ErrorCodes.NumberOutOfRange => $"{A(0)}: в поле «{A(1)}» число вне допустимого диапазона.",
            ErrorCodes.MetricNameEmpty => $"{A(0)}: в поле «{A(1)}» измерение без имени; назовите каждое измерение.",
            ErrorCodes.MetricIsList => $"{A(0)}: поле «{A(1)}» — список; измерение — это число или текст (или объект из них).",
            ErrorCodes.IdentifierInvalid => $"{A(0)}: поле «{A(1)}» должно быть не длиннее {A(2)} печатных знаков.",
            ErrorCodes.ReferenceUnknown => $"{A(0)}: поле «{A(1)}» — не код записи и не код контекстного пакета этого сервера.",
            ErrorCodes.WeekRangeInvalid => $"{A(0)}: поле «{A(1)}»: «{A(2)}» — не диапазон недель (например, 1-2).",
            ErrorCodes.StagesOutOfOrder => $"{A(0)}: поле «{A(1)}»: «{A(2)}» не может идти после «{A(3)}»; этапы идут по порядку.",
            ErrorCodes.EvidenceRuleInvalid => $"{A(0)}: поле «{A(1)}» пункта «{A(2)}»: правило подтверждения не читается.",
            ErrorCodes.TextCharacterRefused => (A(3).Length == 0 ? "" : $"{A(3)}: ")
                + $"в поле «{A(0)}» недопустимый символ {A(1)} на позиции {A(2)}.",
            ErrorCodes.TextUnpairedSurrogate => $"{A(0)}: в поле «{A(1)}» непарный суррогат — это не символ.",
            ErrorCodes.Utf8Invalid => $"{A(0)}: неверная кодировка UTF-8 в байте {A(1)}; пришлите текст в UTF-8.",
            ErrorCodes.BudgetOutOfRange => $"{A(0)}: бюджет должен быть от {A(1)} до {A(2)} ({A(3)}), а дано {A(4)}.",
            ErrorCodes.OptionValueUnknown => $"{A(0)}: неизвестное значение «{A(1)}» (ожидается одно из: {A(2)}).",
            ErrorCodes.FileMissing => A(1).Length == 0 ? $"{A(0)}: нет такого файла." : $"{A(1)}: нет файла «{A(0)}».",
            ErrorCodes.FileAccessDenied => $"{A(0)}: файл нельзя прочитать: нет прав или это папка.",
            ErrorCodes.FileUnreadable => $"{A(0)}: файл не удалось прочитать (ошибка диска).",
            ErrorCodes.BackupUnknown => $"{A(0)}: это не резервная копия SQLite и не архив KnowledgeOS.",
            ErrorCodes.TeamEmptyAt => $"В команде «{A(0)}» {When(A(1), A(2))} ещё не было экспертов.",
            ErrorCodes.AsOfBoth => $"{A(0)} и {A(1)} задают разные вопросы; дайте одно из них.",
            ErrorCodes.DateInvalid => $"{A(0)}: «{A(1)}» — не дата и не дата со временем (например, 2026-01-01 или 2026-01-01T12:00:00Z).",
            ErrorCodes.ParametersExclusive => $"Дайте {A(0)} или {A(1)}, но не оба сразу.",
            ErrorCodes.PositionPastHead => $"{A(0)}: позиция {A(1)} дальше последнего события ({A(2)}); продолжайте с позиции, которую прислала эта лента.",
            ErrorCodes.PositionInvalid => $"{A(0)}: «{A(1)}» — не позиция события.",
            ErrorCodes.CursorInvalid => $"Курсор «{A(0)}» — не курсор этого списка; передайте курсор страницы этого списка (или перейдите по её ссылке `next`).",
            ErrorCodes.VersionTagInvalid => $"`If-Match` «{A(0)}» — не версия вида \"3\"; возьмите её из `ETag` ответа на `GET`.",
            ErrorCodes.ContentTypeNotJson => $"Пришлите отчёт как `application/json`, а не {A(0)}.",
            ErrorCodes.TaskNotLearned => $"Ни один эксперт команды «{A(0)}» не учился на задаче «{A(1)}».",
            ErrorCodes.FilesMissing => "Приложите хотя бы один файл (`multipart/form-data`, поле с любым именем).",
            ErrorCodes.FilesTooMany => $"В одном запросе {A(0)} файлов, а предел — {A(1)}.",
            ErrorCodes.FileNameUnusable => $"«{A(0)}» не годится как имя файла.",
            ErrorCodes.FileNameTooLong => $"Имя файла «{A(0)}…» длиной {A(1)} знаков, а предел — {A(2)} байт (UTF-8).",
            ErrorCodes.FileNameTwice => $"Два файла называются «{A(0)}».",
            ErrorCodes.ExpertAlreadyMerged => $"«{A(0)}» уже объединён с «{A(1)}».",
            ErrorCodes.MergeTargetMerged => $"«{A(0)}» сам объединён с «{A(1)}»; объединяйте с «{A(1)}».",
            ErrorCodes.FeedEmpty => $"{A(0)}: ответ пуст, это не лента.",
            ErrorCodes.FeedIsHtml => $"{A(0)}: пришла страница `HTML`, а не лента (`RSS 2.0`, `Atom` или `JSON Feed`).",
            ErrorCodes.FeedXmlInvalid => $"{A(0)}: неверный `XML` в строке {A(1)}, позиция {A(2)}.",
            ErrorCodes.FeedRootUnknown => $"{A(0)}: `XML` с корнем «{A(1)}» — не лента (ожидается `<rss>` или `<feed>` формата `Atom`).",
            ErrorCodes.FeedRssNoChannel => $"{A(0)}: в ленте `RSS` нет `<channel>`.",
            ErrorCodes.FeedJsonInvalid => $"{A(0)}: неверный JSON в строке {A(1)}: это не `JSON Feed`.",
            ErrorCodes.FeedJsonNotFeed => $"{A(0)}: JSON, но не `JSON Feed` (нужны `\"version\": \"https://jsonfeed.org/version/1.1\"` и `\"items\"`).",
            ErrorCodes.PackIdInvalid => $"{A(1)}: «{A(0)}» — не код контекстного пакета этого сервера (`packId`).",
            ErrorCodes.ProgramGenericMissing => $"Нет шаблона программы «{A(0)}»: он нужен каждой роли без своего шаблона.",
            ErrorCodes.ProgramRoleTaken => $"{A(0)}: роль «{A(1)}» уже у программы {A(2)}; у роли одна программа.",
            ErrorCodes.TitleNoRole => $"Строка {A(0)}: у заголовка «{A(1)}» нет роли; напишите его так: «{A(2)}: {(A(3).Length == 0 ? "Имя" : A(3))} (Роль)».",
            ErrorCodes.TitleMissing => $"Нет строки заголовка: документ начинается с «{A(0)}: Имя (Роль)»"
                + (A(1).Length == 0 ? "." : $", а первый заголовок (строка {A(1)}) — «{A(2)}»."),
            ErrorCodes.LineUnpairedSurrogate => $"{A(0)}: строка {A(1)}: непарный суррогат ({A(2)}) — это не символ; из файла ничего не прочитано.",
            ErrorCodes.MarkdownTooDeep => $"{A(0)}: разметка вложена слишком глубоко, её не прочитать; из файла ничего не прочитано.",
            ErrorCodes.Utf8InvalidAtLine => A(2).Length == 0
                ? $"Неверная кодировка UTF-8 в строке {A(0)} (байт {A(1)}); пересохраните файл в UTF-8."
                : $"Неверная кодировка UTF-8 в строке {A(0)} (байт {A(1)}): файл в UTF-8, но испорченных последовательностей байт в нём: {A(2)}. "
                    + "Пересохраните его в UTF-8 или исправьте байты в этой строке; из него ничего не импортировано.",
            ErrorCodes.FileBinary => "Это двоичный файл, а не текстовый документ; импортировать можно только файлы `Markdown` или текст.",
            ErrorCodes.ExpertOrFolderRequired => "Назовите эксперта или дайте папку для всех.",
            ErrorCodes.OutFileRequired => "Дайте файл, в который писать.",
            ErrorCodes.RetriesExhausted => $"Запись не удалась после {A(0)} попыток: другие всё время меняют эти данные; повторите позже.",
            ErrorCodes.CommitsNotLanded => $"Запись не удалась после {A(0)} попыток: каждый раз запись другого писателя, за которой она стояла в очереди, "
                + "отклонялась, и эта решалась на состоянии, которое так и не сохранилось. Ничего не записано; отправьте запрос ещё раз.",
            ErrorCodes.RebuildRaced => $"{A(0)} изменился, пока журнал проигрывался; ничего не заменено. Запустите перестройку снова.",
            ErrorCodes.GuidanceEndMissing => $"В файле есть «{A(0)}», но после него нет «{A(1)}»; исправьте файл вручную.",
            ErrorCodes.ExportInvalid => A(1).Length == 0 ? $"{A(0)}: это не выгрузка KnowledgeOS."
                : $"{A(0)}: это не выгрузка KnowledgeOS ({A(1)}, строка {A(2)}).",
            ErrorCodes.ExportFormatUnsupported => $"{A(0)}: формат выгрузки {A(1)} не поддерживается (эта версия читает {A(2)}).",
            ErrorCodes.ExportIncomplete => $"{A(0)}: в выгрузке нужны `team` и `experts`.",
            ErrorCodes.CommitTooLarge => $"В одной записи {A(0)} событий — больше, чем принимает хранилище ({A(1)} на запись, `MaxEventsPerCommit`); ничего не записано.",
            ErrorCodes.EventHoldsNul => $"Событие {A(0)} потока {A(1)} содержит символ `NUL` (U+0000), а хранилище его не хранит; ничего из записи не записано.",
            ErrorCodes.CommitHoldsNul => $"{NulHolder(A(0))} записи содержит символ `NUL` (U+0000), а хранилище его не хранит; ничего не записано.",
            ErrorCodes.DatabaseRefused => $"База данных {A(0)} не приняла данные этой записи; ничего из неё не записано.",
            ErrorCodes.EmbeddingsSettingInvalid => $"{A(0)} «{A(1)}»: {EmbeddingsWhy(A(2), A(3))}; ожидается `ollama:МОДЕЛЬ@АДРЕС` или `openai:МОДЕЛЬ@АДРЕС` "
                + "(например, `ollama:nomic-embed-text@http://127.0.0.1:11434`).",
            ErrorCodes.EmbeddingsKeyMissing => $"{A(0)}: адресу {A(1)} нужен ключ: задайте {A(2)}.",
            ErrorCodes.DataPathEmpty => "Путь к базе данных пуст.",
            ErrorCodes.ConnectionRequired => "Хранилищу `PostgreSQL` нужна строка подключения (`--connection \"Host=…;Database=…\"` или `$KOS_CONNECTION`).",
            ErrorCodes.AdvertiseNeedsPostgres => "`--advertise-url` нужен только серверам на `PostgreSQL`: серверу на `SQLite` некому и неоткуда пересылать записи.",
            ErrorCodes.UrlsMissing => "Дайте хотя бы один адрес, на котором слушать.",
            ErrorCodes.OptionBelowOther => $"{A(0)} должно быть не меньше {A(1)}.",
            ErrorCodes.ListenOpenWithoutKeys => $"Не буду слушать {A(0)} без ключей доступа: любой, кто туда дотянется, сможет читать и менять все команды. "
                + "Сначала создайте ключ (`kos keys create --team default --scope read,write`; для другой команды — её код) или слушайте только 127.0.0.1.",
            ErrorCodes.ListenAddressInvalid => $"«{A(0)}» — не адрес, на котором можно слушать; пишите его как `http://ХОСТ:ПОРТ`, например {A(1)}.",
            ErrorCodes.OptionNeedsValue => $"Параметру {A(0)} нужно значение.",
            ErrorCodes.FileExists => $"{A(0)} уже есть; делайте копию в новый файл.",
            ErrorCodes.CycleRecordedAsOf => "`kos cycle` принимает `--as-of` (период, в который попадает время), а не `--recorded-as-of`: "
                + "сводка периода и так то, что в нём записано.",
            ErrorCodes.OptionRequired => A(1).Length == 0 ? $"Параметр {A(0)} обязателен."
                : $"Параметр {A(0)} обязателен (`sqlite:ПУТЬ` или `postgres:ПОДКЛЮЧЕНИЕ`).",
            ErrorCodes.FolderExpected => $"{A(0)} {A(1)} — файл; дайте папку (её создадут, если её нет).",
            ErrorCodes.FolderMissing => $"{A(0)}: нет папки «{A(1)}».",
            ErrorCodes.NoFilesFound => $"В {A(1)} нет файлов {A(0)}.",
            ErrorCodes.FieldOptionInvalid => $"`--field` «{A(0)}» — не вида ИМЯ=ЗНАЧЕНИЕ.",
            ErrorCodes.KeyNameEmpty => "`--name` пуст: укажите, у кого будет ключ.",
            ErrorCodes.StoresSame => $"`--from` и `--to` — одно и то же хранилище ({A(0)}).",
            ErrorCodes.ReindexNothing => "Скажите, что индексировать заново: `--embeddings [ollama:МОДЕЛЬ@АДРЕС|openai:МОДЕЛЬ@АДРЕС]`.",
            ErrorCodes.EmbeddingsProviderRequired => $"`--embeddings` нужен поставщик (`ollama:МОДЕЛЬ@АДРЕС` или `openai:МОДЕЛЬ@АДРЕС`), или задайте {A(0)}.",
            ErrorCodes.ScopesMissing => $"{A(0)}: дайте хотя бы одно право: `read`, `write` или `admin`.",
            ErrorCodes.KeyNameInvalid => "Имя ключа — от 1 до 64 печатных знаков (у кого ключ).",
            ErrorCodes.StoreHoldsKeys => $"Нельзя импортировать в {A(0)}: в хранилище уже есть ключи доступа (`kos keys list`). Импортируйте в пустое хранилище.",
            ErrorCodes.StoreUnnamed => $"{A(0)} «{A(1)}» не называет хранилище; пишите `sqlite:ПУТЬ` или `postgres:\"Host=…;Database=…\"`.",
            ErrorCodes.SettingNotPositive => $"{A(0)} должно быть больше нуля.",
            ErrorCodes.UrlNotHttp => $"{A(0)} «{A(1)}» — не адрес `http(s)`.",
            ErrorCodes.TimeZoneUnknown => $"{A(0)} «{A(1)}» — неизвестный часовой пояс.",
            ErrorCodes.GuidanceAllNeedsDir => $"{A(0)}: эксперту `all` нужна папка `Dir`, а файл `Out` не нужен.",
            ErrorCodes.GuidanceOneNeedsOut => $"{A(0)}: эксперту «{A(1)}» нужен файл `Out`, а папка `Dir` не нужна (`Dir` — для `all`).",
            ErrorCodes.HttpTimeoutsInvalid => "`Cycle:Http`: `AttemptTimeout` должно быть больше нуля, а `TotalTimeout` — не меньше него.",
            ErrorCodes.HttpBreakerInvalid => "`Cycle:Http`: предохранителю нужна доля сбоев в (0, 1] и минимальный поток не меньше 2.",
            ErrorCodes.CronInvalid => $"{A(0)}: «{A(1)}» — неверное выражение `cron`. Пример: `0 6 * * *` — каждый день в 06:00.",
            ErrorCodes.ConfigJsonInvalid => $"{A(0)}: это не настройки в JSON.",
            ErrorCodes.ConfigValueInvalid => $"{A(0)}: в настройках значение не того вида.",
            ErrorCodes.CycleFeedsAsOf => "`--as-of`: задача лент берёт то, что ленты предлагают сейчас; прошлого периода у неё нет. Запустите её без `--as-of`.",
            ErrorCodes.CyclePeriodNone => $"`--as-of` {A(0)}: у расписания {A(1)} нет срабатывания после этого времени.",
            ErrorCodes.CyclePeriodFuture => $"`--as-of` {A(0)}: период {A(1)} кончается {A(2)}, это ещё впереди; период запускают, когда он кончился.",
            _ => null,
        };
    }

    private static string EmbeddingsWhy(string reason, string value) => reason switch
    {
        "no-provider" => "не указан поставщик",
        "provider-unknown" => $"«{value}» — не поставщик",
        "no-model" => "не указана модель",
        _ => $"«{value}» — не адрес `http(s)`",
    };

    private static string NulHolder(string what) => what switch
    {
        "team" => "Код команды",
        "expert" => "Код эксперта",
        "idempotency key" => "Ключ идемпотентности",
        "request hash" => "Хеш запроса",
        _ => $"Поле «{what}»",
    };
}
