using System.Globalization;
using KnowledgeOs.Events;
using KnowledgeOs.Metrics;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Rendering;

/// <summary>
/// The one catalog of every fixed word a document of the project writes, per language: the knowledge base
/// (<see cref="MarkdownRenderer"/>), the level line, the team document, the progress ranking, the weekly report
/// and the daily digest. Counts are worded here with their plural forms (<see cref="Plural"/>); the domain hands
/// over numbers, never sentences. The Russian knowledge base words are exactly those of the ATRA documents, so the
/// legacy importer reads a rendered document with the rules it already has. docs/RENDERING.md lists them.
/// </summary>
/// <param name="Title">Document title before the expert's name.</param>
/// <param name="Created">Header field: created date.</param>
/// <param name="Status">Header field: status.</param>
/// <param name="Priority">Header field: priority.</param>
/// <param name="Expertise">Header field: expertise tags.</param>
/// <param name="KeyDuties">Label above the key duties list.</param>
/// <param name="Active">Status value for <c>active</c>.</param>
/// <param name="Paused">Status value for <c>paused</c>.</param>
/// <param name="Retired">Status value for <c>retired</c>.</param>
/// <param name="Problem">Problem label.</param>
/// <param name="Solution">Solution label.</param>
/// <param name="Description">Best practice description label.</param>
/// <param name="Source">Best practice source label (also the claims source label).</param>
/// <param name="Category">Best practice category label.</param>
/// <param name="Application">Best practice application label.</param>
/// <param name="Found">Best practice found-date label.</param>
/// <param name="Metrics">Metrics heading.</param>
/// <param name="Computed">Line under the metrics heading saying the numbers are computed.</param>
/// <param name="TasksCompleted">Metric label.</param>
/// <param name="Successful">Metric label.</param>
/// <param name="ToImprove">Heading of the open improvement backlog.</param>
/// <param name="Suspect">Heading of the items under suspicion (used in repeated failed tasks).</param>
/// <param name="OutcomeUnknown">Said after the successful count when some tasks stated no outcome.</param>
/// <param name="ErrorsFixed">Metric label.</param>
/// <param name="KnowledgeGained">Metric label.</param>
/// <param name="KnowledgeConfirmed">Metric label.</param>
/// <param name="ProblemsSolved">Metric label.</param>
/// <param name="Publications">Metric label.</param>
/// <param name="Mentorship">Metric label.</param>
/// <param name="Innovations">Metric label.</param>
/// <param name="Level">Metric label: expertise level.</param>
/// <param name="Claimed">Sub-heading of the numbers claimed by imported documents.</param>
/// <param name="Updated">Footer: last update.</param>
/// <param name="Sources">Footer: number of distinct sources.</param>
public sealed record RenderLabels(
    string Title,
    string Created,
    string Status,
    string Priority,
    string Expertise,
    string KeyDuties,
    string Active,
    string Paused,
    string Retired,
    string Problem,
    string Solution,
    string Description,
    string Source,
    string Category,
    string Application,
    string Found,
    string Metrics,
    string Computed,
    string TasksCompleted,
    string Successful,
    string OutcomeUnknown,
    string ToImprove,
    string Suspect,
    string ErrorsFixed,
    string KnowledgeGained,
    string KnowledgeConfirmed,
    string ProblemsSolved,
    string Publications,
    string Mentorship,
    string Innovations,
    string Level,
    string Claimed,
    string Updated,
    string Sources) : LabelCatalog<RenderLabels>, ILabelCatalog<RenderLabels>
{
    // Every word once, the Russian beside the English, so a change to one is made beside the other.
    static RenderLabels ILabelCatalog<RenderLabels>.Catalog(RenderLanguage language)
    {
        var b = new Bilingual(language);
        return new(
            Title: b.Pick("📚 БАЗА ЗНАНИЙ", "📚 KNOWLEDGE BASE"),
            Created: b.Pick("Дата создания", "Created"),
            Status: b.Pick("Статус", "Status"),
            Priority: b.Pick("Приоритет", "Priority"),
            Expertise: b.Pick("Экспертиза", "Expertise"),
            KeyDuties: b.Pick("Ключевые обязанности", "Key duties"),
            Active: b.Pick("🟢 **АКТИВНА**", "🟢 **ACTIVE**"),
            Paused: b.Pick("🟡 **ПРИОСТАНОВЛЕНА**", "🟡 **PAUSED**"),
            Retired: b.Pick("⚪ **В АРХИВЕ**", "⚪ **RETIRED**"),
            Problem: b.Pick("Проблема", "Problem"),
            Solution: b.Pick("Решение", "Solution"),
            Description: b.Pick("Описание", "Description"),
            Source: b.Pick("Источник", "Source"),
            Category: b.Pick("Категория", "Category"),
            Application: b.Pick("Применение", "Application"),
            Found: b.Pick("Дата поиска", "Found"),
            Metrics: b.Pick("📊 МЕТРИКИ ОБУЧЕНИЯ", "📊 Learning metrics"),
            Computed: b.Pick("_Вычислено по записанным данным._", "_Computed from recorded evidence._"),
            TasksCompleted: b.Pick("Всего задач выполнено", "Tasks completed"),
            Successful: b.Pick("Успешных решений", "Successful"),
            OutcomeUnknown: b.Pick("исход не указан", "outcome not stated"),
            ToImprove: b.Pick("🔧 ЧТО УЛУЧШИТЬ", "🔧 To improve"),
            Suspect: b.Pick("🚩 ПОД ПОДОЗРЕНИЕМ", "🚩 Under suspicion"),
            ErrorsFixed: b.Pick("Ошибок исправлено", "Errors fixed"),
            KnowledgeGained: b.Pick("Новых знаний получено", "Knowledge gained"),
            KnowledgeConfirmed: b.Pick("Знаний подтверждено", "Knowledge confirmed"),
            ProblemsSolved: b.Pick("Проблем решено", "Problems solved"),
            Publications: b.Pick("Публикаций", "Publications"),
            Mentorship: b.Pick("Менторство", "Mentorship"),
            Innovations: b.Pick("Инноваций", "Innovations"),
            Level: b.Pick("Уровень экспертизы", "Expertise level"),
            Claimed: b.Pick("Заявлено в импортированных документах (не вычислено)",
                "Claimed in imported documents (not computed)"),
            Updated: b.Pick("Обновлено", "Updated"),
            Sources: b.Pick("источников", "sources"))
        {
            Language = language,
            TeamTitle = b.Pick("👥 ЗНАНИЯ КОМАНДЫ", "👥 Team knowledge"),
            TeamSummaryHeader = b.Pick("| участников | активных | с базой знаний | покрытие | новых знаний (7 дн.) |",
                "| members | active | with a knowledge base | coverage | knowledge gained (7 d) |"),
            RankingHeading = b.Pick("📈 РЕЙТИНГ ПРОГРЕССА", "📈 Progress ranking"),
            GainedHeading = b.Pick("🆕 НОВЫЕ ЗНАНИЯ ЗА НЕДЕЛЮ", "🆕 Knowledge gained this week"),
            PracticesHeading = b.Pick("✅ САМЫЕ ПОДТВЕРЖДЁННЫЕ ПРАКТИКИ", "✅ Most confirmed practices"),
            PracticesHeader = b.Pick("| практика | экспертов | подтверждений | кто |",
                "| practice | experts | evidence | who |"),
            MatrixHeading = b.Pick("🧭 КТО ЧТО ЗНАЕТ", "🧭 Who knows what"),
            MatrixNote = b.Pick("В ячейках — число подтверждений (записей и задач, где упомянута тема); ○ — заявленная тема без подтверждений.",
                "Cells count the evidence (items and tasks mentioning the topic); ○ marks a declared tag with no evidence yet."),
            Expert = b.Pick("эксперт", "expert"),
            RankingColumns = b.Pick(["#", "эксперт", "роль", "прогресс", "уровень", "изменение (7 дн.)"],
                ["#", "expert", "role", "progress", "level", "change (7 d)"]),
            New = b.Pick("новый", "new"),
            WeeklyTitle = b.Pick("📈 ПРОГРЕСС ЗА НЕДЕЛЮ", "📈 Weekly progress"),
            Next = b.Pick("дальше", "next"),
            DigestTitle = b.Pick("🗓 СВОДКА ОБУЧЕНИЯ", "🗓 Learning digest"),
            DigestEmpty = b.Pick("За этот период ничего нового не записано.", "Nothing was learned in this window."),
            DigestTask = b.Pick("задача", "task"),
            DigestNew = b.Pick("новое", "new"),
            DigestConfirmed = b.Pick("подтверждено", "confirmed"),
            DigestLevel = b.Pick("уровень", "level"),
            OutcomeSuccess = b.Pick("успех", "success"),
            OutcomePartial = b.Pick("частично", "partial"),
            OutcomeFailure = b.Pick("неудача", "failure"),
            OutcomeNotStated = b.Pick("исход не указан", "outcome not stated"),
            PastTasks = b.Pick("🗂 Из прошлых задач", "🗂 From past tasks"),
        };
    }

    /// <summary>Context pack: heading of a participant's past tasks and open backlog entries that match the task.</summary>
    public required string PastTasks { get; init; }
    /// <summary>Team document title (before the team slug).</summary>
    public required string TeamTitle { get; init; }
    /// <summary>Team document: header row of the summary table.</summary>
    public required string TeamSummaryHeader { get; init; }
    /// <summary>Team document: progress ranking heading.</summary>
    public required string RankingHeading { get; init; }
    /// <summary>Team document: knowledge gained this week heading.</summary>
    public required string GainedHeading { get; init; }
    /// <summary>Team document: most confirmed practices heading.</summary>
    public required string PracticesHeading { get; init; }
    /// <summary>Team document: header row of the practices table.</summary>
    public required string PracticesHeader { get; init; }
    /// <summary>Team document: who-knows-what heading.</summary>
    public required string MatrixHeading { get; init; }
    /// <summary>Team document: what the matrix cells count.</summary>
    public required string MatrixNote { get; init; }
    /// <summary>Column heading: expert.</summary>
    public required string Expert { get; init; }
    /// <summary>Columns of the progress ranking table (the team document's and <c>kos progress</c>'s).</summary>
    public required IReadOnlyList<string> RankingColumns { get; init; }

    /// <summary>Header row of the progress ranking table in Markdown.</summary>
    public string RankingHeader => "| " + string.Join(" | ", RankingColumns) + " |";
    /// <summary>Ranking change of an expert not ranked the week before.</summary>
    public required string New { get; init; }
    /// <summary>Weekly report title (before the team slug).</summary>
    public required string WeeklyTitle { get; init; }
    /// <summary>Weekly report: the next open program item.</summary>
    public required string Next { get; init; }
    /// <summary>Daily digest title (before the team slug).</summary>
    public required string DigestTitle { get; init; }
    /// <summary>Daily digest of an empty window.</summary>
    public required string DigestEmpty { get; init; }
    /// <summary>Digest line label: a task.</summary>
    public required string DigestTask { get; init; }
    /// <summary>Digest line label: a new item.</summary>
    public required string DigestNew { get; init; }
    /// <summary>Digest line label: a confirmed item.</summary>
    public required string DigestConfirmed { get; init; }
    /// <summary>Digest line label: a level change.</summary>
    public required string DigestLevel { get; init; }
    /// <summary>Outcome word: success.</summary>
    public required string OutcomeSuccess { get; init; }
    /// <summary>Outcome word: partial.</summary>
    public required string OutcomePartial { get; init; }
    /// <summary>Outcome word: failure.</summary>
    public required string OutcomeFailure { get; init; }
    /// <summary>Outcome word: not stated.</summary>
    public required string OutcomeNotStated { get; init; }

    /// <summary>"1 задача", "22 задачи", "11 задач" · "1 task", "2 tasks".</summary>
    public string Tasks(long n) => English ? Plural.En(n, "task", "tasks") : Plural.Ru(n, "задача", "задачи", "задач");

    /// <summary>"1 решённая проблема", "5 решённых проблем" · "1 problem solved", "5 problems solved".</summary>
    public string ProblemsSolvedCount(long n) => English ? Plural.En(n, "problem solved", "problems solved")
        : Plural.Ru(n, "решённая проблема", "решённые проблемы", "решённых проблем");

    /// <summary>"1 новая запись", "3 новые записи", "5 новых записей" · "1 new item", "3 new items".</summary>
    public string NewItems(long n) => English ? Plural.En(n, "new item", "new items") : Plural.Ru(n, "новая запись", "новые записи", "новых записей");

    /// <summary>The level line from its numbers: <c>★★★☆☆ — 21 задача, 86% успешных, 6 решённых проблем</c> · <c>★★★☆☆ — 21 tasks, 86% successful, 6 problems solved</c>.</summary>
    public string LevelLine(LevelEvidence e)
    {
        var stars = ExpertiseLevel.Stars(e.Level);
        if (e.Tasks == 0) return stars + (English ? " — no tasks yet" : " — задач пока нет");
        var rate = e.Rate.ToString(CultureInfo.InvariantCulture) + (English ? "% successful" : "% успешных");
        return $"{stars} — {Tasks(e.Tasks)}, {rate}, {ProblemsSolvedCount(e.ProblemsSolved)}";
    }

    /// <summary>A stored level reason (<see cref="LevelEvidence.Stored"/>, English by design) worded in this language; one not in that form as it is.</summary>
    public string LevelReasonText(int level, string stored) =>
        LevelEvidence.FromStored(level, stored) is { } evidence ? LevelLine(evidence) : stored;

    /// <summary>
    /// A stored promotion reason (<see cref="Learning.PromotionReason.Stored"/>, English by design) worded in this language:
    /// <c>подтверждено успешными задачами: 2 (порог 2)</c>; a reason not in that form as it is.
    /// </summary>
    public string PromotionReasonText(string stored)
    {
        if (Learning.PromotionReason.FromStored(stored) is not { } r) return stored;
        if (English) return r.Stored();
        return string.Create(CultureInfo.InvariantCulture, $"подтверждено успешными задачами: {r.Successes} (порог {r.Threshold})")
            + (r.OnReview ? ", найдено при пересмотре" : "");
    }

    /// <summary>
    /// A stored revision reason (<see cref="Learning.RevisionReason.Stored"/>, English by design) worded in this language:
    /// <c>удалено ревизией 0123abcd задачи T-4</c>, <c>ревизия 0123abcd задачи T-4 не называет эксперта</c>; a reason not in that form as it is.
    /// </summary>
    public string RevisionReasonText(string stored)
    {
        if (Learning.RevisionReason.FromStored(stored) is not { } r) return stored;
        if (English) return r.Stored();
        return r.Withdrawn ? $"ревизия {r.Revision} задачи {r.TaskId} не называет эксперта" : $"удалено ревизией {r.Revision} задачи {r.TaskId}";
    }

    /// <summary>A reason stored by our own code, worded in this language: a promotion's or a revision's; a level's needs its level (<see cref="LevelReasonText"/>); any other reason as it was written.</summary>
    public string StoredReasonText(string stored) =>
        Learning.RevisionReason.FromStored(stored) is not null ? RevisionReasonText(stored) : PromotionReasonText(stored);

    /// <summary>The flag on an item used in repeated failed tasks: <c>🚩 под подозрением: провалов 3</c> · <c>🚩 under suspicion: failed in 3 tasks</c>.</summary>
    public string SuspectNote(long failures) => English
        ? string.Create(CultureInfo.InvariantCulture, $"🚩 under suspicion: failed in {Plural.En(failures, "task", "tasks")}")
        : string.Create(CultureInfo.InvariantCulture, $"🚩 под подозрением: провалов {failures}");

    /// <summary>The word of a task outcome.</summary>
    public string OutcomeText(Outcome outcome) => outcome switch
    {
        Outcome.Success => OutcomeSuccess,
        Outcome.Partial => OutcomePartial,
        Outcome.Failure => OutcomeFailure,
        _ => OutcomeNotStated,
    };

    /// <summary>The team document's line under the title: when, and that every number is computed.</summary>
    public string TeamAsOf(string stamp) => English
        ? $"_As of {stamp} UTC. Every number is computed from recorded evidence (docs/TEAM.md)._"
        : $"_На {stamp} UTC. Каждое число вычислено по записанным данным._";

    /// <summary>A ranking claim beside the evidenced progress.</summary>
    public string ClaimedNotEvidence(int percent) => English
        ? string.Create(CultureInfo.InvariantCulture, $" (claimed {percent}%, not evidence)")
        : string.Create(CultureInfo.InvariantCulture, $" (заявлено {percent}%, не доказано)");

    /// <summary>The name of a section in running text: its sub-heading, or its group heading without the emoji.</summary>
    public string SectionName(SectionKind kind)
    {
        var info = SectionCatalog.Get(kind);
        var name = Sub(info, Language) ?? Group(info, Language, "");
        var start = 0;
        while (start < name.Length && !char.IsLetter(name[start])) start++;
        return name[start..].Trim();
    }

    /// <summary>The status value as the header shows it.</summary>
    public string StatusText(ExpertStatus status) => status switch
    {
        ExpertStatus.Paused => Paused,
        ExpertStatus.Retired => Retired,
        _ => Active,
    };

    /// <summary>The group heading of a section in this language, with <c>{project}</c> filled in (or dropped when there is none).</summary>
    public string Group(SectionInfo info, RenderLanguage language, string project)
    {
        var heading = language == RenderLanguage.En ? info.GroupEn : info.GroupRu;
        return project.Length > 0 ? heading.Replace("{project}", project, StringComparison.Ordinal)
            : heading.Replace(" {project}", "", StringComparison.Ordinal).Replace("{project}", "", StringComparison.Ordinal);
    }

    /// <summary>The sub-heading of a section in this language, or null when the section is its group.</summary>
    public static string? Sub(SectionInfo info, RenderLanguage language) => language == RenderLanguage.En ? info.SubEn : info.SubRu;
}
