using System.Text.Json.Serialization;

namespace KnowledgeOs.Import;

/// <summary>
/// A learning program as an old document wrote it (<c>*_program.md</c>): goals, materials, week stages with their
/// checklists, success criteria, certifications and claimed numbers. Pure data, stored as a
/// <see cref="Events.StoredProgram"/> (ProgramStoredShape.cs). Ticks typed in the file are <see cref="ProgramCheck.Claimed"/>, never progress:
/// progress is earned from evidence.
/// </summary>
public sealed record LearningProgramDocument
{
    /// <summary>The file it was read from.</summary>
    public required string FileName { get; init; }
    /// <summary>Name in the title.</summary>
    public required string DisplayName { get; init; }
    /// <summary>Role in the title.</summary>
    public required string Role { get; init; }
    /// <summary><c>Дата создания</c>, when readable.</summary>
    public DateTimeOffset? Created { get; init; }
    /// <summary><c>Дата создания</c> as written.</summary>
    public string? CreatedText { get; init; }
    /// <summary><c>Статус</c> as written (<c>🟢 **АКТИВНА**</c>).</summary>
    public string? Status { get; init; }
    /// <summary><c>Уровень</c> as written (<c>Начинающий → Эксперт</c>).</summary>
    public string? Level { get; init; }
    /// <summary>Goals, each with its points.</summary>
    public IReadOnlyList<ProgramGoal> Goals { get; init; } = [];
    /// <summary>Materials to study.</summary>
    public IReadOnlyList<ProgramMaterial> Materials { get; init; } = [];
    /// <summary>Week stages with checklists, in document order, each once.</summary>
    public IReadOnlyList<ProgramStage> Stages { get; init; } = [];
    /// <summary>Success criteria.</summary>
    public IReadOnlyList<string> SuccessCriteria { get; init; } = [];
    /// <summary>Certifications named by the program.</summary>
    public IReadOnlyList<ProgramCheck> Certifications { get; init; } = [];
    /// <summary>Every other list (skills, innovations, publications, mentorship, awards, next steps…), heading kept.</summary>
    public IReadOnlyList<ProgramList> Lists { get; init; } = [];
    /// <summary>Numbers and statuses the program claims (<c>Всего задач выполнено: 100+</c>, <c>195%</c>).</summary>
    public IReadOnlyList<ProgramClaim> Claims { get; init; } = [];

    /// <summary>What the parser noticed; reported, not stored.</summary>
    [JsonIgnore]
    public IReadOnlyList<ImportWarning> Warnings { get; init; } = [];

    /// <summary>Every checklist item of every stage.</summary>
    [JsonIgnore]
    public int CheckCount => Stages.Sum(s => s.Items.Count);
}

/// <summary>A goal with its points.</summary>
/// <param name="Title">The goal (<c>Основы</c>).</param>
/// <param name="Points">What it means.</param>
public sealed record ProgramGoal(string Title, IReadOnlyList<string> Points);

/// <summary>A material to study.</summary>
/// <param name="Kind"><c>book</c>, <c>article</c>, <c>practice</c>, <c>tool</c>, <c>course</c>, or the heading as written.</param>
/// <param name="Title">Title (for a book without its author).</param>
/// <param name="Author">Author, for books written <c>Title - Author</c>.</param>
public sealed record ProgramMaterial(string Kind, string Title, string? Author = null);

/// <summary>A stage of the plan (<c>Неделя 1-2: Основы</c>).</summary>
/// <param name="Level">The heading the stage sits under (<c>ПЛАН ОБУЧЕНИЯ</c>, <c>ЭКСПЕРТНЫЙ УРОВЕНЬ (МИРОВОЙ КЛАСС)</c>).</param>
/// <param name="Title">The stage heading as written.</param>
/// <param name="FromWeek">First week, when the heading says.</param>
/// <param name="ToWeek">Last week, when the heading says.</param>
/// <param name="Name">The name after the weeks (<c>Основы</c>).</param>
/// <param name="Items">Checklist items.</param>
public sealed record ProgramStage(string Level, string Title, int? FromWeek, int? ToWeek, string Name, IReadOnlyList<ProgramCheck> Items);

/// <summary>A checklist item.</summary>
/// <param name="Text">What is to be done.</param>
/// <param name="Claimed">True when the file ticked it (<c>[x]</c>, <c>✅</c>): a claim, not evidence.</param>
public sealed record ProgramCheck(string Text, bool Claimed);

/// <summary>A list the program keeps under a heading.</summary>
/// <param name="Heading">The heading as written.</param>
/// <param name="Group">The top-level heading above it, or empty.</param>
/// <param name="Items">Its items.</param>
public sealed record ProgramList(string Heading, string Group, IReadOnlyList<ProgramCheck> Items);

/// <summary>A number or status the program claims.</summary>
/// <param name="Group">The heading it was under (<c>МЕТРИКИ МАКСИМАЛЬНОГО УРОВНЯ</c>), or empty.</param>
/// <param name="Label">Label as written.</param>
/// <param name="Value">Value as written.</param>
public sealed record ProgramClaim(string Group, string Label, string Value);
