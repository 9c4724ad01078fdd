namespace KnowledgeOs.Programs;

/// <summary>The five tiers of a program, in order (DESIGN.md "Learning program").</summary>
public enum ProgramTier
{
    /// <summary>Weeks 1–2: basics.</summary>
    Basics,
    /// <summary>Weeks 3–4: deepening.</summary>
    Deepening,
    /// <summary>Weeks 5–6: mastery.</summary>
    Mastery,
    /// <summary>Weeks 7–12: expert level.</summary>
    Expert,
    /// <summary>Weeks 13–24: maximum level (innovation, publications, mentorship).</summary>
    Maximum,
}

/// <summary>One checklist item and the evidence that ticks it.</summary>
/// <param name="Text">What the item asks for, as shown.</param>
/// <param name="Rule">The evidence rule.</param>
public sealed record ChecklistItem(string Text, EvidenceRule Rule);

/// <summary>A stage of the plan: a range of weeks with a checklist.</summary>
/// <param name="FromWeek">First week.</param>
/// <param name="ToWeek">Last week.</param>
/// <param name="Tier">Which tier the weeks belong to.</param>
/// <param name="Title">Stage title (<c>Основы</c>).</param>
/// <param name="Items">The checklist.</param>
/// <param name="Heading">The heading as an imported program wrote it (<c>Неделя 1-2: Основы</c>), shown instead of the built one.</param>
public sealed record ProgramStage(int FromWeek, int ToWeek, ProgramTier Tier, string Title, IReadOnlyList<ChecklistItem> Items, string? Heading = null)
{
    /// <summary>Weeks as the ATRA documents write them: <c>1-2</c>.</summary>
    public string Weeks => FromWeek == ToWeek ? $"{FromWeek}" : $"{FromWeek}-{ToWeek}";
}

/// <summary>A group of learning goals (<c>Основы</c> with its goals).</summary>
/// <param name="Title">Group title.</param>
/// <param name="Items">Goals.</param>
public sealed record GoalGroup(string Title, IReadOnlyList<string> Items);

/// <summary>A material of a program (a book, an article, a course, a tool, a practice) with the rule that proves it studied.</summary>
/// <param name="Kind"><c>book</c>, <c>article</c>, <c>course</c>, <c>tool</c>, <c>practice</c>, or the heading as written.</param>
/// <param name="Text">The material as written (a book as <c>Title - Author</c>).</param>
/// <param name="Rule">Its evidence rule (<see cref="NoRule"/> where none applies).</param>
public sealed record MaterialEntry(string Kind, string Text, EvidenceRule Rule);

/// <summary>A success criterion; with a rule it is shown as met or not, without one it is a statement.</summary>
/// <param name="Text">The criterion.</param>
/// <param name="Rule">Its evidence rule, if any.</param>
public sealed record SuccessCriterion(string Text, EvidenceRule? Rule);

/// <summary>
/// A learning program for a role, kept as a data file in <c>templates/programs/</c>: goals, materials, stages
/// with evidence-ruled checklists, success criteria. Adding a role is adding a file.
/// </summary>
/// <param name="Id">File name without extension (<c>backend-developer</c>); <c>generic</c> is the fallback.</param>
/// <param name="Role">The role it is for.</param>
/// <param name="Aliases">Other spellings of the role that get this program.</param>
/// <param name="Level">The level line of the ATRA header (<c>Начинающий → Эксперт</c>).</param>
/// <param name="Goals">Learning goals by group.</param>
/// <param name="Books">Books to study, <c>Title - Author</c>.</param>
/// <param name="Practices">Practices to learn.</param>
/// <param name="Stages">Stages in week order.</param>
/// <param name="SuccessCriteria">Success criteria.</param>
/// <param name="Materials">Every material with its rule; set for an expert's own (imported) program, whose materials are not only books and practices.</param>
/// <param name="ImportedFrom">The file of an expert's own program; null for a role template.</param>
public sealed record ProgramTemplate(
    string Id,
    string Role,
    IReadOnlyList<string> Aliases,
    string Level,
    IReadOnlyList<GoalGroup> Goals,
    IReadOnlyList<string> Books,
    IReadOnlyList<string> Practices,
    IReadOnlyList<ProgramStage> Stages,
    IReadOnlyList<SuccessCriterion> SuccessCriteria,
    IReadOnlyList<MaterialEntry>? Materials = null,
    string? ImportedFrom = null)
{
    /// <summary>The id of the program every role without its own gets.</summary>
    public const string GenericId = "generic";

    /// <summary>True for the fallback program.</summary>
    public bool IsGeneric => Id == GenericId;

    /// <summary>True for an expert's own program, compiled from the one they brought (<see cref="ProgramCompiler"/>).</summary>
    public bool IsOwn => ImportedFrom is not null;

    /// <summary>Every checklist item with its stage, in order.</summary>
    public IEnumerable<(ProgramStage Stage, ChecklistItem Item)> Checklist =>
        Stages.SelectMany(s => s.Items.Select(i => (s, i)));
}
