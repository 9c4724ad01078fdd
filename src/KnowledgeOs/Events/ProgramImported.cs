using System.Text.Json.Serialization;

namespace KnowledgeOs.Events;

/// <summary>
/// A learning program was imported from an old document (<c>*_program.md</c>). The program is kept as written; its
/// typed ticks are claims, and progress against it is computed from evidence elsewhere. A later import replaces it.
/// </summary>
public sealed record ProgramImported : KnowledgeEvent
{
    /// <summary>The program as read.</summary>
    public required StoredProgram Program { get; init; }
}

/// <summary>
/// The stored shape of an imported learning program: the event's own record, which the import parser builds directly
/// (<see cref="Import.LearningProgramDocument"/>), so there is one shape and no mapping. Its JSON is stored data; a field
/// is never renamed or retyped (tests/KnowledgeOs.Tests/Golden/events/v1.ProgramImported.json).
/// </summary>
public sealed record StoredProgram
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
    public IReadOnlyList<StoredProgramGoal> Goals { get; init; } = [];
    /// <summary>Materials to study.</summary>
    public IReadOnlyList<StoredProgramMaterial> Materials { get; init; } = [];
    /// <summary>Week stages with checklists, in document order.</summary>
    public IReadOnlyList<StoredProgramStage> Stages { get; init; } = [];
    /// <summary>Success criteria.</summary>
    public IReadOnlyList<string> SuccessCriteria { get; init; } = [];
    /// <summary>Certifications named by the program.</summary>
    public IReadOnlyList<StoredProgramCheck> Certifications { get; init; } = [];
    /// <summary>Every other list, heading kept.</summary>
    public IReadOnlyList<StoredProgramList> Lists { get; init; } = [];
    /// <summary>Numbers and statuses the program claims.</summary>
    public IReadOnlyList<StoredProgramClaim> Claims { get; init; } = [];

    /// <summary>Every checklist item of every stage.</summary>
    [JsonIgnore]
    public int CheckCount => Stages.Sum(s => s.Items.Count);
}

/// <summary>A goal with its points.</summary>
/// <param name="Title">The goal.</param>
/// <param name="Points">What it means.</param>
public sealed record StoredProgramGoal(string Title, IReadOnlyList<string> Points);

/// <summary>A material to study.</summary>
/// <param name="Kind"><c>book</c>, <c>article</c>, <c>practice</c>, <c>tool</c>, <c>course</c>, or the heading as written.</param>
/// <param name="Title">Title.</param>
/// <param name="Author">Author, for books.</param>
public sealed record StoredProgramMaterial(string Kind, string Title, string? Author = null);

/// <summary>A stage of the plan.</summary>
/// <param name="Level">The heading the stage sits under.</param>
/// <param name="Title">The stage heading as written.</param>
/// <param name="FromWeek">First week, when the heading says.</param>
/// <param name="ToWeek">Last week, when the heading says.</param>
/// <param name="Name">The name after the weeks.</param>
/// <param name="Items">Checklist items.</param>
public sealed record StoredProgramStage(string Level, string Title, int? FromWeek, int? ToWeek, string Name, IReadOnlyList<StoredProgramCheck> Items);

/// <summary>A checklist item.</summary>
/// <param name="Text">What is to be done.</param>
/// <param name="Claimed">True when the file ticked it (<c>[x]</c>, <c>✅</c>): a claim, not evidence.</param>
public sealed record StoredProgramCheck(string Text, bool Claimed);

/// <summary>A list the program keeps under a heading.</summary>
/// <param name="Heading">The heading as written.</param>
/// <param name="Group">The top-level heading above it, or empty.</param>
/// <param name="Items">Its items.</param>
public sealed record StoredProgramList(string Heading, string Group, IReadOnlyList<StoredProgramCheck> Items);

/// <summary>A number or status the program claims.</summary>
/// <param name="Group">The heading it was under, or empty.</param>
/// <param name="Label">Label as written.</param>
/// <param name="Value">Value as written.</param>
public sealed record StoredProgramClaim(string Group, string Label, string Value);
