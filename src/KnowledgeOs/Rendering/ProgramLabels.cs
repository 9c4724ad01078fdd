namespace KnowledgeOs.Rendering;

/// <summary>
/// The program part of the one catalog (<see cref="RenderLabels"/> holds the knowledge base, team and digest words):
/// every fixed word of a learning program, as <c>kos program</c> renders it (<see cref="Programs.ProgramRenderer"/>)
/// and as <c>kos export</c> writes an expert's own program back (<see cref="Programs.ProgramFileRenderer"/>). The
/// Russian words are those of the ATRA programs (<c>igor_program.md</c>), so the importer reads an exported program
/// with the rules it already has. Every word is required in both languages.
/// </summary>
public sealed record ProgramLabels : LabelCatalog<ProgramLabels>, ILabelCatalog<ProgramLabels>
{
    // Every word once, the Russian beside the English, so a change to one is made beside the other.
    static ProgramLabels ILabelCatalog<ProgramLabels>.Catalog(RenderLanguage language)
    {
        var b = new Bilingual(language);
        return new()
        {
            Language = language,
            Title = b.Pick("ПРОГРАММА ОБУЧЕНИЯ", "LEARNING PROGRAM"),
            Created = b.Pick("Дата создания", "Created"),
            Status = b.Pick("Статус", "Status"),
            Active = b.Pick("🟢 **АКТИВНА**", "🟢 **ACTIVE**"),
            Level = b.Pick("Уровень", "Level"),
            Now = b.Pick("сейчас", "now"),
            Program = b.Pick("Программа роли", "Role program"),
            GenericNote = b.Pick("(общая: для роли нет своего шаблона)", "(generic: the role has no template of its own)"),
            Progress = b.Pick("Прогресс по доказательствам", "Progress by evidence"),
            Claimed = b.Pick("Заявлено в импортированном файле", "Claimed in an imported file"),
            Ticked = b.Pick("Отмечено галочками в импортированной программе", "Ticked by hand in the imported program"),
            ClaimNote = b.Pick("заявка, не прогресс", "a claim, not progress"),
            TickClaimNote = b.Pick("отмечено в импортированном файле: заявка, не доказательство",
                "ticked in the imported file: a claim, not evidence"),
            Goals = b.Pick("ЦЕЛИ ОБУЧЕНИЯ", "LEARNING GOALS"),
            Materials = b.Pick("МАТЕРИАЛЫ ДЛЯ ИЗУЧЕНИЯ", "MATERIALS"),
            Books = b.Pick("Книги", "Books"),
            Practice = b.Pick("Практика", "Practice"),
            Plan = b.Pick("ПЛАН ОБУЧЕНИЯ", "LEARNING PLAN"),
            Week = b.Pick("Неделя", "Week"),
            Criteria = b.Pick("КРИТЕРИИ УСПЕХА", "SUCCESS CRITERIA"),
            ExpertLevel = b.Pick("ЭКСПЕРТНЫЙ УРОВЕНЬ (МИРОВОЙ КЛАСС)", "EXPERT LEVEL"),
            MaximumLevel = b.Pick("МАКСИМАЛЬНЫЙ УРОВЕНЬ", "MAXIMUM LEVEL"),
            ProgressHeading = b.Pick("ПРОГРЕСС", "PROGRESS"),
            Evidenced = b.Pick("Подтверждено доказательствами", "Evidenced"),
            OpenItems = b.Pick("Открытые пункты", "Open items"),
            Needs = b.Pick("нужно", "needs"),
            SoFar = b.Pick("сейчас", "so far"),
            Footer = b.Pick("[x] ставится только там, где доказательство есть в базе знаний или журнале задач; рядом сказано, какое.",
                "[x] only where the evidence is in the knowledge base or the task log; each says which."),
            OwnProgram = b.Pick("Собственная программа эксперта", "The expert's own program"),
            Rule = b.Pick("правило", "rule"),
            Item = b.Pick("запись", "item"),
            Task = b.Pick("задача", "task"),
            NeedPerson = b.Pick("без правила, нужно подтверждение человека", "without a rule, need a person's confirmation"),
            Articles = b.Pick("Статьи", "Articles"),
            Tools = b.Pick("Инструменты", "Tools"),
            Courses = b.Pick("Курсы", "Courses"),
            Certifications = b.Pick("Сертификации", "Certifications"),
        };
    }

    /// <summary>Both languages, for readers that must recognise either (the importer skips computed lines).</summary>
    public static IReadOnlyList<ProgramLabels> All { get; } = [Ru, En];

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
