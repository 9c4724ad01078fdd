using KnowledgeOs.Events;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Rendering;

/// <summary>
/// Every fixed word the Markdown renderer writes, per language. The Russian ones are exactly those of the
/// ATRA documents, so the legacy importer reads a rendered document with the rules it already has.
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
    string Sources)
{
    /// <summary>Russian: the words of the ATRA documents.</summary>
    public static RenderLabels Ru { get; } = new(
        Title: "📚 БАЗА ЗНАНИЙ",
        Created: "Дата создания",
        Status: "Статус",
        Priority: "Приоритет",
        Expertise: "Экспертиза",
        KeyDuties: "Ключевые обязанности",
        Active: "🟢 **АКТИВНА**",
        Paused: "🟡 **ПРИОСТАНОВЛЕНА**",
        Retired: "⚪ **В АРХИВЕ**",
        Problem: "Проблема",
        Solution: "Решение",
        Description: "Описание",
        Source: "Источник",
        Category: "Категория",
        Application: "Применение",
        Found: "Дата поиска",
        Metrics: "📊 МЕТРИКИ ОБУЧЕНИЯ",
        Computed: "_Вычислено по записанным данным._",
        TasksCompleted: "Всего задач выполнено",
        Successful: "Успешных решений",
        OutcomeUnknown: "исход не указан",
        ToImprove: "🔧 ЧТО УЛУЧШИТЬ",
        Suspect: "🚩 ПОД ПОДОЗРЕНИЕМ",
        ErrorsFixed: "Ошибок исправлено",
        KnowledgeGained: "Новых знаний получено",
        KnowledgeConfirmed: "Знаний подтверждено",
        ProblemsSolved: "Проблем решено",
        Publications: "Публикаций",
        Mentorship: "Менторство",
        Innovations: "Инноваций",
        Level: "Уровень экспертизы",
        Claimed: "Заявлено в импортированных документах (не вычислено)",
        Updated: "Обновлено",
        Sources: "источников");

    /// <summary>English.</summary>
    public static RenderLabels En { get; } = new(
        Title: "📚 KNOWLEDGE BASE",
        Created: "Created",
        Status: "Status",
        Priority: "Priority",
        Expertise: "Expertise",
        KeyDuties: "Key duties",
        Active: "🟢 **ACTIVE**",
        Paused: "🟡 **PAUSED**",
        Retired: "⚪ **RETIRED**",
        Problem: "Problem",
        Solution: "Solution",
        Description: "Description",
        Source: "Source",
        Category: "Category",
        Application: "Application",
        Found: "Found",
        Metrics: "📊 Learning metrics",
        Computed: "_Computed from recorded evidence._",
        TasksCompleted: "Tasks completed",
        Successful: "Successful",
        OutcomeUnknown: "outcome not stated",
        ToImprove: "🔧 To improve",
        Suspect: "🚩 Under suspicion",
        ErrorsFixed: "Errors fixed",
        KnowledgeGained: "Knowledge gained",
        KnowledgeConfirmed: "Knowledge confirmed",
        ProblemsSolved: "Problems solved",
        Publications: "Publications",
        Mentorship: "Mentorship",
        Innovations: "Innovations",
        Level: "Expertise level",
        Claimed: "Claimed in imported documents (not computed)",
        Updated: "Updated",
        Sources: "sources");

    /// <summary>The labels of a language.</summary>
    public static RenderLabels For(RenderLanguage language) => language == RenderLanguage.En ? En : Ru;

    /// <summary>The status value as the header shows it.</summary>
    public string StatusText(string status) => status switch
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
