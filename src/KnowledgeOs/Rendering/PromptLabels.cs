namespace KnowledgeOs.Rendering;

/// <summary>
/// The MCP part of the one catalog: the bodies of the <c>start_task</c> and <c>retrospective</c> prompts and the
/// pack-id line after a context pack, in the team's language (or the one <c>lang</c> names). Tool, prompt and argument
/// names, and the JSON the agent sends, are an interface and stay as they are (in code spans). Each label is declared
/// once, its two languages side by side.
/// </summary>
public sealed record PromptLabels : LabelCatalog<PromptLabels>, ILabelCatalog<PromptLabels>
{
    private PromptLabels()
    {
    }

    // Every label is a method: the catalog holds no words of its own to fill in.
    static PromptLabels ILabelCatalog<PromptLabels>.Catalog(RenderLanguage language) => new() { Language = language };

    /// <summary>The labels of a language code (ru, en), as a context pack names its own.</summary>
    public static PromptLabels For(string code) => For(code == "en" ? RenderLanguage.En : RenderLanguage.Ru);

    /// <summary><c>start_task</c>: the first line, naming the team.</summary>
    public string StartTaskOpening(string team) => English
        ? $"You are working on a task for team '{team}'. {StartTaskHowToRead}"
        : $"Вы работаете над задачей команды «{team}». {StartTaskHowToRead}";

    /// <summary><c>start_task</c>: how to read the knowledge that follows.</summary>
    public string StartTaskHowToRead => English
        ? "The team's recorded knowledge follows; each line ends with its item id and source. Prefer confirmed items; say which items you used."
        : "Ниже — записанные знания команды; каждая строка кончается кодом записи и источником. Опирайтесь прежде всего на подтверждённые записи и называйте, какими воспользовались.";

    /// <summary><c>start_task</c>: the task's heading.</summary>
    public string TaskHeading => English ? "Task" : "Задача";

    /// <summary><c>start_task</c>: the participants' heading.</summary>
    public string WhoKnowsHeading => English ? "Who knows this" : "Кто в этом разбирается";

    /// <summary><c>start_task</c>: the context pack's heading.</summary>
    public string KnowledgeHeading => English ? "Knowledge" : "Знания";

    /// <summary><c>start_task</c>: the heading of how to report back.</summary>
    public string ReportingHeading => English ? "Reporting back" : "Как отчитаться";

    /// <summary><c>start_task</c>: before a participant's level number.</summary>
    public string LevelWord => English ? "level" : "уровень";

    /// <summary><c>start_task</c>: how to keep a fact mid-task.</summary>
    public string RecordLessonHint => English
        ? "A fact worth keeping, as soon as you learn it: the `record_lesson` tool (expert, text, section, taskId)."
        : "Факт, который стоит сохранить, — сразу, как узнали: инструмент `record_lesson` (`expert`, `text`, `section`, `taskId`).";

    /// <summary><c>start_task</c>: how to report the finished task.</summary>
    public string RetrospectiveHint => English
        ? "When the task is done: the `retrospective` prompt gives the report's schema; send the report with `learn_from_report`."
        : "Когда задача сделана: подсказка `retrospective` даёт схему отчёта; отправьте отчёт инструментом `learn_from_report`.";

    /// <summary><c>start_task</c>: the prompt result's description.</summary>
    public string StartTaskDescription => English ? "Start the task with the team's knowledge" : "Начать задачу со знаниями команды";

    /// <summary>After a context pack: its id and where it goes.</summary>
    public string UsedItemsHint(string packId) => English
        ? $"packId: `{packId}` — put it (or the item ids you used) in the report's `usedItems`: a success raises those items, a failure lowers them."
        : $"`packId`: `{packId}` — укажите его (или коды записей, которыми воспользовались) в поле отчёта `usedItems`: успех поднимает эти записи, неудача опускает.";

    /// <summary><c>retrospective</c>: what to write and where to send it.</summary>
    public string RetrospectiveAsk => English
        ? "The task is finished. Write its report as one JSON object that matches this JSON Schema exactly (unknown fields are refused), then call the `learn_from_report` tool with it as `report`."
        : "Задача завершена. Напишите отчёт о ней одним объектом JSON, в точности по этой схеме JSON (незнакомые поля отклоняются), и вызовите инструмент `learn_from_report`, передав его как `report`.";

    /// <summary><c>retrospective</c>: what is known of the task already (its id, its outcome), when given.</summary>
    public string RetrospectiveKnown(string? taskId, string? outcome) =>
        (taskId is null ? "" : English ? $"The task id is `{taskId}`. " : $"Код задачи — `{taskId}`. ")
        + (outcome is null ? "" : English ? $"Its outcome was {outcome}. " : $"Её исход — `{outcome}`. ");

    /// <summary><c>retrospective</c>: what a good report holds.</summary>
    public string RetrospectiveWhatToWrite => English
        ? "For each participant, list what worked, what to improve, the new knowledge (one fact per entry), and problems with their solutions. Write facts a colleague could act on, not a diary."
        : "Для каждого участника перечислите, что сработало, что улучшить, новые знания (один факт на запись) и проблемы с их решениями. Пишите факты, по которым коллега сможет действовать, а не дневник.";

    /// <summary><c>retrospective</c>: the prompt result's description.</summary>
    public string RetrospectiveDescription => English ? "Report the finished task" : "Отчитаться о завершённой задаче";
}
