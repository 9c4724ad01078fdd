using KnowledgeOs.Events;

namespace KnowledgeOs.Import;

/// <summary>
/// A learning program as an old document wrote it (<c>*_program.md</c>), read: goals, materials, week stages with their
/// checklists, success criteria, certifications and claimed numbers. The parser builds the stored shape of
/// <see cref="ProgramImported"/> itself, so nothing maps one to the other; that shape's JSON is pinned by the event's
/// golden file, never by the parser. Ticks typed in the file are <see cref="StoredProgramCheck.Claimed"/>, never
/// progress: progress is earned from evidence.
/// </summary>
/// <param name="Program">The program as read, in its stored shape.</param>
/// <param name="Warnings">What the parser noticed; reported, not stored.</param>
public sealed record LearningProgramDocument(StoredProgram Program, IReadOnlyList<ImportWarning> Warnings);
