using KnowledgeOs.Events;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Experts;

/// <summary>Bring an expert into the team.</summary>
public sealed record OnboardExpert(
    string Slug,
    string DisplayName,
    string Role,
    string Project = "",
    int Priority = 3,
    ExpertStatus Status = ExpertStatus.Active,
    string Responsibility = "",
    IReadOnlyList<string>? Duties = null,
    IReadOnlyList<string>? Tags = null);

/// <summary>Change some profile fields of an expert; null fields stay as they are.</summary>
public sealed record ChangeExpert(
    string? DisplayName = null,
    string? Role = null,
    string? Project = null,
    int? Priority = null,
    ExpertStatus? Status = null,
    string? Responsibility = null,
    IReadOnlyList<string>? Duties = null,
    IReadOnlyList<string>? Tags = null);

/// <summary>Add an item to a section (a confirmation when the same item exists).</summary>
public sealed record AddKnowledge(SectionKind Section, string Text, IReadOnlyDictionary<string, string>? Fields = null);
