using System.Globalization;
using KnowledgeOs.Metrics;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Rendering;

/// <summary>
/// The dashboard part of the one catalog (<see cref="RenderLabels"/> holds the documents' words): the chrome of every
/// page under <c>/ui</c> — navigation, headings, table headers, buttons, cards and notes — in the page's language
/// (the team's, or the one <c>?lang=</c> chose). Data (names, roles, items) is never here: it keeps its own language
/// and the page marks it with a <c>lang</c> attribute when that differs. Every word is required in both languages.
/// </summary>
public sealed record DashboardLabels : LabelCatalog<DashboardLabels>, ILabelCatalog<DashboardLabels>
{
    // Every word once, the Russian beside the English, so a change to one is made beside the other.
    static DashboardLabels ILabelCatalog<DashboardLabels>.Catalog(RenderLanguage language)
    {
        var b = new Bilingual(language);
        return new()
        {
            Language = language,
            LanguageSwitch = b.Pick("Язык", "Language"),
            Search = b.Pick("Поиск", "Search"),
            RouteNav = b.Pick("Кому отдать задачу", "Who should take a task"),
            SearchPlaceholder = b.Pick("Поиск по знаниям команды", "Search the team's knowledge"),
            LogOut = b.Pick("Выйти", "Log out"),
            Teams = b.Pick("Команды", "Teams"),
            NoTeams = b.Pick("Ни в одной команде пока нет экспертов. Запустите kos serve --sample или добавьте экспертов через программный интерфейс.",
                "No team has experts yet. Try kos serve --sample, or onboard experts through the API."),
            BadRequest = b.Pick("Неверный запрос", "Bad request"),
            NotFound = b.Pick("Не найдено", "Not found"),
            Field = b.Pick("поле", "field"),
            Now = b.Pick("сейчас", "now"),
            Experts = b.Pick("Эксперты", "Experts"),
            ExpertColumns = b.Pick(["Эксперт", "Роль", "Уровень", "Знает / изучил", "Успешных задач", "Последняя активность"],
                ["Expert", "Role", "Level", "Known / learned", "Successful tasks", "Last activity"]),
            LevelWord = b.Pick("Уровень", "Level"),
            Of = b.Pick("из", "of"),
            Cards = b.Pick(["участников", "активных", "с базой знаний", "основных разделов заполнено", "записей за 7 дней"],
                ["members", "active", "with a knowledge base", "core sections covered", "items gained in 7 days"]),
            RankingHeading = b.Pick("Рейтинг прогресса", "Progress ranking"),
            RankingColumns = b.Pick(["#", "Эксперт", "Программа", "Прогресс", "Уровень", "Изменение (7 дн.)"],
                ["#", "Expert", "Program", "Progress", "Level", "Change (7 d)"]),
            ProgressChartAlt = b.Pick("Прогресс по доказательствам, по полосе на эксперта", "Progress by evidence, one bar per expert"),
            SkillMatrix = b.Pick("Матрица навыков", "Skill matrix"),
            SkillMatrixAlt = b.Pick("Матрица навыков: эксперты по главным темам команды", "Skill matrix: experts by the team's top topics"),
            RecentEvents = b.Pick("Последние события", "Recent events"),
            NoEvents = b.Pick("Событий пока нет.", "No events yet."),
            ReloadForEvents = b.Pick("Без JavaScript новые события видны после перезагрузки.", "Without JavaScript, reload for new events."),
            EventsLive = b.Pick("в реальном времени", "live"),
            EventsReconnecting = b.Pick("переподключение…", "reconnecting…"),
            Tags = b.Pick("Теги", "Tags"),
            Markdown = b.Pick("Markdown", "Markdown"),
            Metrics = b.Pick("Метрики", "Metrics"),
            MetricNames = b.Pick(["Уровень", "Почему", "Задач", "Успешных", "Ошибок исправлено", "Знает / изучил", "Проблем решено", "Публикаций", "Подопечных", "Инноваций", "Последняя активность"],
                ["Level", "Why", "Tasks", "Successful", "Errors fixed", "Known / learned", "Problems solved", "Publications", "Mentees", "Innovations", "Last activity"]),
            Suspect = b.Pick("Под подозрением", "Under suspicion"),
            BackToKnowledge = b.Pick("← база знаний", "← the knowledge base"),
            AsJson = b.Pick("в JSON", "as JSON"),
            HistoryColumns = b.Pick(["Версия", "Когда было", "Когда записано", "Событие", "Что", "Источник"],
                ["Version", "Happened", "Recorded", "Event", "What", "Source"]),
            DescribeTask = b.Pick("Опишите задачу", "Describe the task"),
            Task = b.Pick("Задача", "Task"),
            WhoShouldTakeIt = b.Pick("Кому её отдать?", "Who should take it?"),
            NobodyMatches = b.Pick("Ни знания, ни профиль ни одного эксперта не подходят к этой задаче.",
                "Nobody's knowledge or profile matches this task."),
            RouteColumns = b.Pick(["#", "Эксперт", "Роль", "Уровень", "Оценка", "Почему"], ["#", "Expert", "Role", "Level", "Score", "Why"]),
            SearchHint = b.Pick("Слова в любой форме, по-русски или по-английски", "Words in any form, Russian or English"),
            SearchColumns = b.Pick(["Эксперт", "Раздел", "Запись", "Подтверждений", "Оценка"],
                ["Expert", "Section", "Item", "Confirmations", "Score"]),
        };
    }

    /// <summary>Accessible name of the RU | EN switch.</summary>
    public required string LanguageSwitch { get; init; }
    /// <summary>Navigation: search page (and its title and button).</summary>
    public required string Search { get; init; }
    /// <summary>Navigation: routing page (and its title).</summary>
    public required string RouteNav { get; init; }
    /// <summary>The navigation search box's placeholder and name.</summary>
    public required string SearchPlaceholder { get; init; }
    /// <summary>The log-out button.</summary>
    public required string LogOut { get; init; }
    /// <summary>Title of the team list.</summary>
    public required string Teams { get; init; }
    /// <summary>The team list with no team.</summary>
    public required string NoTeams { get; init; }
    /// <summary>Title of a 400 page.</summary>
    public required string BadRequest { get; init; }
    /// <summary>Title of a 404 page.</summary>
    public required string NotFound { get; init; }
    /// <summary>Said before the field an error names.</summary>
    public required string Field { get; init; }
    /// <summary>Link from a past point of view back to now.</summary>
    public required string Now { get; init; }
    /// <summary>Overview: experts heading.</summary>
    public required string Experts { get; init; }
    /// <summary>Overview: experts table columns (name, role, level, known/learned, successful tasks, last activity).</summary>
    public required IReadOnlyList<string> ExpertColumns { get; init; }
    /// <summary>Before a level number.</summary>
    public required string LevelWord { get; init; }
    /// <summary>"3 of 5".</summary>
    public required string Of { get; init; }
    /// <summary>Overview cards: members, active, with a knowledge base, coverage, gained in 7 days.</summary>
    public required IReadOnlyList<string> Cards { get; init; }
    /// <summary>Overview: progress ranking heading.</summary>
    public required string RankingHeading { get; init; }
    /// <summary>Overview: progress ranking columns.</summary>
    public required IReadOnlyList<string> RankingColumns { get; init; }
    /// <summary>Overview: the progress picture's text.</summary>
    public required string ProgressChartAlt { get; init; }
    /// <summary>Overview: skill matrix heading.</summary>
    public required string SkillMatrix { get; init; }
    /// <summary>Overview: the skill matrix picture's text.</summary>
    public required string SkillMatrixAlt { get; init; }
    /// <summary>Recent events heading.</summary>
    public required string RecentEvents { get; init; }
    /// <summary>Recent events: none.</summary>
    public required string NoEvents { get; init; }
    /// <summary>Recent events without the script.</summary>
    public required string ReloadForEvents { get; init; }
    /// <summary>Recent events: the script follows the live feed.</summary>
    public required string EventsLive { get; init; }
    /// <summary>Recent events: the script lost the live feed and tries again.</summary>
    public required string EventsReconnecting { get; init; }
    /// <summary>Expert page: tags.</summary>
    public required string Tags { get; init; }
    /// <summary>Expert page: link to the Markdown document.</summary>
    public required string Markdown { get; init; }
    /// <summary>Expert page: metrics heading.</summary>
    public required string Metrics { get; init; }
    /// <summary>Expert page: metric names (level, why, tasks, successful, errors fixed, known/learned, problems solved, publications, mentees, innovations, last activity).</summary>
    public required IReadOnlyList<string> MetricNames { get; init; }
    /// <summary>Expert page: items under suspicion heading.</summary>
    public required string Suspect { get; init; }
    /// <summary>History page: back link.</summary>
    public required string BackToKnowledge { get; init; }
    /// <summary>History page: link to the JSON.</summary>
    public required string AsJson { get; init; }
    /// <summary>History page columns.</summary>
    public required IReadOnlyList<string> HistoryColumns { get; init; }
    /// <summary>Routing page: the task box's placeholder.</summary>
    public required string DescribeTask { get; init; }
    /// <summary>Routing page: the task box's name.</summary>
    public required string Task { get; init; }
    /// <summary>Routing page: the button.</summary>
    public required string WhoShouldTakeIt { get; init; }
    /// <summary>Routing page: no candidate.</summary>
    public required string NobodyMatches { get; init; }
    /// <summary>Routing page columns.</summary>
    public required IReadOnlyList<string> RouteColumns { get; init; }
    /// <summary>Search page: the box's placeholder.</summary>
    public required string SearchHint { get; init; }
    /// <summary>Search page columns.</summary>
    public required IReadOnlyList<string> SearchColumns { get; init; }

    /// <summary>Overview title.</summary>
    public string TeamTitle(string team) => (English ? "Team " : "Команда ") + team;

    /// <summary>History page title.</summary>
    public string HistoryTitle(string slug) => (English ? "History of " : "История ") + slug;

    /// <summary>Expert page: the link to the history with its event count.</summary>
    public string HistoryLink(long events) => English ? $"History ({Plural.En(events, "event", "events")})" : $"История ({Plural.Ru(events, "событие", "события", "событий")})";

    /// <summary>History page: how many events are shown.</summary>
    public string Events(int n) => English ? Plural.En(n, "event", "events") : Plural.Ru(n, "событие", "события", "событий");

    /// <summary>Search page: how many items matched (<paramref name="more"/>: the list was cut).</summary>
    public string Matches(int n, bool more, string query) => English
        ? Inv($"{n}{(more ? "+" : "")} {(n == 1 && !more ? "item matches" : "items match")} ‘{query}’.")
        : Inv($"Найдено записей: {n}{(more ? "+" : "")} по запросу «{query}».");

    /// <summary>Search page title.</summary>
    public string SearchTitle(string query) => $"{Search}: {query}";

    /// <summary>Ranking: a claim beside the evidenced progress.</summary>
    public string Claimed(int percent) => English ? Inv($"claimed {percent}%, not evidence") : Inv($"заявлено {percent}%, не доказано");

    /// <summary>Expert page: heading of what the next level needs.</summary>
    public string ForLevel(int level) => (English ? "For level " : "Для уровня ") + level.ToString(CultureInfo.InvariantCulture);

    /// <summary>Expert page: an item under suspicion, after its id.</summary>
    public string SuspectCounts(int failed, int succeeded) => English
        ? Inv($"failed in {Plural.En(failed, "task", "tasks")}, succeeded in {succeeded}; retract with")
        : $"неудач: {failed.ToString(CultureInfo.InvariantCulture)}, успехов: {succeeded.ToString(CultureInfo.InvariantCulture)}; отозвать:";

    /// <summary>One thing the next level lacks, worded from its numbers (<see cref="ExpertiseLevel.NextLevelNeeds"/>).</summary>
    public string LevelNeed(LevelNeed need) => (need.Kind, English) switch
    {
        (LevelNeedKind.SuccessfulTasks, true) => Plural.En(need.Count, "more successful task", "more successful tasks"),
        (LevelNeedKind.SuccessfulTasks, false) => Inv($"ещё успешных задач: {need.Count}"),
        (LevelNeedKind.SuccessRate, true) => Inv($"success rate {need.Count}% (now {need.Now}%)"),
        (LevelNeedKind.SuccessRate, false) => Inv($"доля успешных задач {need.Count}% (сейчас {need.Now}%)"),
        (LevelNeedKind.ProblemsSolved, true) => Plural.En(need.Count, "more problem solved", "more problems solved"),
        (LevelNeedKind.ProblemsSolved, false) => Inv($"ещё решённых проблем: {need.Count}"),
        (LevelNeedKind.KnownItems, true) => Plural.En(need.Count, "more known item", "more known items"),
        (LevelNeedKind.KnownItems, false) => Inv($"ещё подтверждённых знаний: {need.Count}"),
        (_, true) => Plural.En(need.Count, "more publication or mentorship entry", "more publication or mentorship entries"),
        _ => Inv($"ещё публикаций или наставничества: {need.Count}"),
    };

    /// <summary>An expert's status as shown (the words are the command line's, <see cref="CliLabels.ExpertStatus"/>).</summary>
    public string ExpertStatus(Events.ExpertStatus status) => CliLabels.For(Language).ExpertStatus(status);

    /// <summary>The line over a page shown from a past point of view: whose view (an expert's name, or null for the team) and when.</summary>
    public string PastView(string? name, AsOf at)
    {
        var stamp = at.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z";
        var valid = at.Axis == TimeAxis.Valid;
        return (name, English) switch
        {
            (null, true) => $"The team {(valid ? "as of" : "as recorded by")} {stamp} (docs/TIME.md); recent events are the latest.",
            (null, false) => $"Команда {(valid ? "на" : "по записям на")} {stamp} (docs/TIME.md); последние события — самые свежие.",
            (_, true) => $"{name} {(valid ? "as of" : "as recorded by")} {stamp} (docs/TIME.md)",
            _ => $"{name} {(valid ? "на" : "по записям на")} {stamp} (docs/TIME.md)",
        };
    }

    /// <summary>An event's type as the history and the recent events show it: its stored name in English (as the API and
    /// <c>--json</c> give it), a few words in Russian.</summary>
    public string EventName(string shortType) => English ? shortType : shortType switch
    {
        "ExpertAliasAdded" => "добавлено другое имя",
        "ExpertAliasRemoved" => "убрано другое имя",
        "ExpertMerged" => "присоединён двойник",
        "ExpertMergedInto" => "влит в другого эксперта",
        "ExpertOnboarded" => "эксперт принят",
        "ExpertProfileChanged" => "профиль изменён",
        "ItemUsed" => "запись использована",
        "KnowledgeConfirmed" => "знание подтверждено",
        "KnowledgePromoted" => "знание стало известным",
        "KnowledgeRecorded" => "знание записано",
        "KnowledgeRetracted" => "знание отозвано",
        "LevelReached" => "достигнут уровень",
        "MetricClaimImported" => "импортирована заявка",
        "ProgramImported" => "импортирована программа",
        "TaskCompleted" => "задача выполнена",
        "TaskDescribed" => "задача описана",
        "TaskRevised" => "задача исправлена",
        "TaskStarted" => "задача начата",
        "TaskCancelled" => "задача отменена",
        "TaskWithdrawn" => "задача отозвана",
        _ => shortType,
    };

    /// <summary>
    /// The lead of an error page or box in the page's language: what kind of error, and the field it names; the domain's
    /// own message (English, naming file, line and field) follows it as the detail on a Russian page.
    /// </summary>
    public string Problem(bool notFound, string? field) => (notFound, English) switch
    {
        (true, true) => "Not found.",
        (true, false) => "Такого нет.",
        (false, true) => "Bad request" + (field is { Length: > 0 } f ? $" ({Field} '{f}')." : "."),
        (false, false) => "Неверное значение" + (field is { Length: > 0 } g ? $" ({Field} '{g}')." : "."),
    };

    /// <summary>Login page: its title.</summary>
    public string LogInTitle => English ? "Log in" : "Вход";
    /// <summary>Login page: the button.</summary>
    public string LogInButton => English ? "Log in" : "Войти";
    /// <summary>Login page: the key box's label.</summary>
    public string ApiKey => English ? "API key" : "Ключ доступа";
    /// <summary>Login page: what the key must allow, before the command that makes one.</summary>
    public string LoginNeedsKey => English ? "The dashboard reads with an API key of read scope or more" : "Панель читает данные по ключу доступа с правом чтения или шире";
    /// <summary>Login page: where the key is kept.</summary>
    public string LoginKeptUntilLogOut => English
        ? "It is kept in an HttpOnly cookie for this browser until you log out."
        : "Ключ хранится в куке этого браузера, недоступной скриптам, пока вы не выйдете.";
    /// <summary>Login refused: the form came from another site's page.</summary>
    public string LoginForeignPage => English ? "This form may only be sent from this server's own page." : "Эту форму можно отправить только со страницы этого сервера.";
    /// <summary>Log-out refused: it came from another site's page.</summary>
    public string LogOutForeignPage => English ? "Log-out may only be sent from this server's own page." : "Выйти можно только со страницы этого сервера.";
    /// <summary>Login refused: not a form.</summary>
    public string LoginSendForm => English ? "Send the form (application/x-www-form-urlencoded) with the field 'key'." : "Отправьте форму с ключом.";
    /// <summary>Login refused: no key typed.</summary>
    public string LoginEnterKey => English ? "Enter an API key." : "Введите ключ доступа.";
    /// <summary>Login refused: the server has no keys.</summary>
    public string LoginNoKeys => English
        ? "This server has no API keys: authentication is off and the dashboard needs no login (on loopback)."
        : "У этого сервера нет ключей доступа: проверка выключена, и панели вход не нужен (на локальном адресе).";
    /// <summary>Login refused: an unknown or revoked key.</summary>
    public string LoginBadKey => English ? "The API key is not valid or was revoked." : "Ключ доступа недействителен или отозван.";
    /// <summary>Login refused: the key may not read.</summary>
    public string LoginCannotRead => English ? "This key may not read." : "Этому ключу нельзя читать.";

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
