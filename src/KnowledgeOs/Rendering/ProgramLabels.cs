namespace KnowledgeOs.Rendering;

/// <summary>
/// The program part of the one catalog (<see cref="RenderLabels"/> holds the knowledge base, team and digest words):
/// every fixed word of a learning program, as <c>kos program</c> renders it (<see cref="Programs.ProgramRenderer"/>)
/// and as <c>kos export</c> writes an expert's own program back (<see cref="Programs.ProgramFileRenderer"/>). The
/// Russian words are those of the ATRA programs (<c>igor_program.md</c>), so the importer reads an exported program
/// with the rules it already has. Every word is required in both languages.
/// </summary>
public sealed record ProgramLabels
{
    /// <summary>Russian: the words of the ATRA programs.</summary>
    public static ProgramLabels Ru { get; } = new()
    {
        Language = RenderLanguage.Ru,
        Title = "ПРОГРАММА ОБУЧЕНИЯ",
        Created = "Дата создания",
        Status = "Статус",
        Active = "🟢 **АКТИВНА**",
        Level = "Уровень",
        Now = "сейчас",
        Program = "Программа роли",
        GenericNote = "(общая: для роли нет своего шаблона)",
        Progress = "Прогресс по доказательствам",
        Claimed = "Заявлено в импортированном файле",
        Ticked = "Отмечено галочками в импортированной программе",
        ClaimNote = "заявка, не прогресс",
        TickClaimNote = "отмечено в импортированном файле: заявка, не доказательство",
        Goals = "ЦЕЛИ ОБУЧЕНИЯ",
        Materials = "МАТЕРИАЛЫ ДЛЯ ИЗУЧЕНИЯ",
        Books = "Книги",
        Practice = "Практика",
        Plan = "ПЛАН ОБУЧЕНИЯ",
        Week = "Неделя",
        Criteria = "КРИТЕРИИ УСПЕХА",
        ExpertLevel = "ЭКСПЕРТНЫЙ УРОВЕНЬ (МИРОВОЙ КЛАСС)",
        MaximumLevel = "МАКСИМАЛЬНЫЙ УРОВЕНЬ",
        ProgressHeading = "ПРОГРЕСС",
        Evidenced = "Подтверждено доказательствами",
        OpenItems = "Открытые пункты",
        Needs = "нужно",
        SoFar = "сейчас",
        Footer = "[x] ставится только там, где доказательство есть в базе знаний или журнале задач; рядом сказано, какое.",
        OwnProgram = "Собственная программа эксперта",
        Rule = "правило",
        Item = "запись",
        Task = "задача",
        NeedPerson = "без правила, нужно подтверждение человека",
        Articles = "Статьи",
        Tools = "Инструменты",
        Courses = "Курсы",
        Certifications = "Сертификации",
    };

    /// <summary>English.</summary>
    public static ProgramLabels En { get; } = new()
    {
        Language = RenderLanguage.En,
        Title = "LEARNING PROGRAM",
        Created = "Created",
        Status = "Status",
        Active = "🟢 **ACTIVE**",
        Level = "Level",
        Now = "now",
        Program = "Role program",
        GenericNote = "(generic: the role has no template of its own)",
        Progress = "Progress by evidence",
        Claimed = "Claimed in an imported file",
        Ticked = "Ticked by hand in the imported program",
        ClaimNote = "a claim, not progress",
        TickClaimNote = "ticked in the imported file: a claim, not evidence",
        Goals = "LEARNING GOALS",
        Materials = "MATERIALS",
        Books = "Books",
        Practice = "Practice",
        Plan = "LEARNING PLAN",
        Week = "Week",
        Criteria = "SUCCESS CRITERIA",
        ExpertLevel = "EXPERT LEVEL",
        MaximumLevel = "MAXIMUM LEVEL",
        ProgressHeading = "PROGRESS",
        Evidenced = "Evidenced",
        OpenItems = "Open items",
        Needs = "needs",
        SoFar = "so far",
        Footer = "[x] only where the evidence is in the knowledge base or the task log; each says which.",
        OwnProgram = "The expert's own program",
        Rule = "rule",
        Item = "item",
        Task = "task",
        NeedPerson = "without a rule, need a person's confirmation",
        Articles = "Articles",
        Tools = "Tools",
        Courses = "Courses",
        Certifications = "Certifications",
    };

    /// <summary>The labels of a language.</summary>
    public static ProgramLabels For(RenderLanguage language) => language == RenderLanguage.En ? En : Ru;

    /// <summary>Both languages, for readers that must recognise either (the importer skips computed lines).</summary>
    public static IReadOnlyList<ProgramLabels> All { get; } = [Ru, En];

    /// <summary>The language these words are in.</summary>
    public required RenderLanguage Language { get; init; }
    /// <summary>Document title before the expert's name.</summary>
    public required string Title { get; init; }
    /// <summary>Header field: created date.</summary>
    public required string Created { get; init; }
    /// <summary>Header field: status.</summary>
    public required string Status { get; init; }
    /// <summary>Status value for <c>active</c>.</summary>
    public required string Active { get; init; }
    /// <summary>Header field: level.</summary>
    public required string Level { get; init; }
    /// <summary>Starts the computed part of the level line.</summary>
    public required string Now { get; init; }
    /// <summary>Header field: the role program the expert follows.</summary>
    public required string Program { get; init; }
    /// <summary>Said after a generic role program.</summary>
    public required string GenericNote { get; init; }
    /// <summary>Header field: progress by evidence (computed).</summary>
    public required string Progress { get; init; }
    /// <summary>Label of a progress figure an imported file claimed.</summary>
    public required string Claimed { get; init; }
    /// <summary>Label of the ticks an imported program typed.</summary>
    public required string Ticked { get; init; }
    /// <summary>Said after a claimed figure.</summary>
    public required string ClaimNote { get; init; }
    /// <summary>Said after an entry the imported file ticked by hand (see <see cref="Programs.ProgramFileRenderer.ClaimMark"/>).</summary>
    public required string TickClaimNote { get; init; }
    /// <summary>Heading: goals.</summary>
    public required string Goals { get; init; }
    /// <summary>Heading: materials.</summary>
    public required string Materials { get; init; }
    /// <summary>Material kind heading: books.</summary>
    public required string Books { get; init; }
    /// <summary>Material kind heading: practice.</summary>
    public required string Practice { get; init; }
    /// <summary>Heading: the plan by weeks.</summary>
    public required string Plan { get; init; }
    /// <summary>Before a stage's weeks.</summary>
    public required string Week { get; init; }
    /// <summary>Heading: success criteria.</summary>
    public required string Criteria { get; init; }
    /// <summary>Heading: expert level.</summary>
    public required string ExpertLevel { get; init; }
    /// <summary>Heading: maximum level.</summary>
    public required string MaximumLevel { get; init; }
    /// <summary>Heading of the computed progress section.</summary>
    public required string ProgressHeading { get; init; }
    /// <summary>Progress section: the evidenced share.</summary>
    public required string Evidenced { get; init; }
    /// <summary>Heading: open items.</summary>
    public required string OpenItems { get; init; }
    /// <summary>Open item: what would close it.</summary>
    public required string Needs { get; init; }
    /// <summary>Open item: the evidence so far.</summary>
    public required string SoFar { get; init; }
    /// <summary>Footer: when a box is ticked.</summary>
    public required string Footer { get; init; }
    /// <summary>Header field: the expert's own program.</summary>
    public required string OwnProgram { get; init; }
    /// <summary>Entry: the evidence rule.</summary>
    public required string Rule { get; init; }
    /// <summary>Entry: the evidencing item id.</summary>
    public required string Item { get; init; }
    /// <summary>Entry: the evidencing task id.</summary>
    public required string Task { get; init; }
    /// <summary>Items without a rule, counted apart.</summary>
    public required string NeedPerson { get; init; }
    /// <summary>Material kind heading: articles.</summary>
    public required string Articles { get; init; }
    /// <summary>Material kind heading: tools.</summary>
    public required string Tools { get; init; }
    /// <summary>Material kind heading: courses.</summary>
    public required string Courses { get; init; }
    /// <summary>Material kind heading (and the exported certifications heading): certifications.</summary>
    public required string Certifications { get; init; }

    /// <summary>The heading of a material kind (<c>book</c>, <c>article</c>…); an unknown kind as written.</summary>
    public string KindHeading(string kind) => kind switch
    {
        "book" => Books,
        "article" => Articles,
        "practice" => Practice,
        "tool" => Tools,
        "course" => Courses,
        "certification" => Certifications,
        _ => kind,
    };
}
