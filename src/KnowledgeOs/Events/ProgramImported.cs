using KnowledgeOs.Import;

namespace KnowledgeOs.Events;

/// <summary>
/// A learning program was imported from an old document (<c>*_program.md</c>). The program is kept as written; its
/// typed ticks are claims, and progress against it is computed from evidence elsewhere. A later import replaces it.
/// </summary>
public sealed record ProgramImported : KnowledgeEvent
{
    /// <summary>The program as read.</summary>
    public required LearningProgramDocument Program { get; init; }
}
