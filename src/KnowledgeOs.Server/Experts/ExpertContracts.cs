using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Metrics;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Server.Experts;

/// <summary>Onboarding an expert. Sources, versions and metrics are the server's and cannot be sent.</summary>
/// <param name="Slug">Ascii id, unique in the team (<c>igor</c>).</param>
/// <param name="DisplayName">Name as people write it.</param>
/// <param name="Role">Role.</param>
/// <param name="Project">Project.</param>
/// <param name="Priority">Priority, 1 is highest (default 3).</param>
/// <param name="Status">active (default), paused or retired.</param>
/// <param name="Responsibility">Responsibility text.</param>
/// <param name="Duties">Key duties.</param>
/// <param name="Tags">Expertise tags.</param>
public sealed record OnboardRequest(
    string Slug,
    string DisplayName,
    string Role,
    string? Project = null,
    int? Priority = null,
    string? Status = null,
    string? Responsibility = null,
    IReadOnlyList<string>? Duties = null,
    IReadOnlyList<string>? Tags = null)
{
    /// <summary>The domain command.</summary>
    public OnboardExpert ToCommand() => new(Slug, DisplayName, Role, Project ?? "", Priority ?? 3, ExpertStatuses.ParseInput(Status) ?? ExpertStatus.Active,
        Responsibility ?? "", Duties, Tags);
}

/// <summary>Changing profile fields; fields left out stay as they are.</summary>
/// <param name="DisplayName">Name.</param>
/// <param name="Role">Role.</param>
/// <param name="Project">Project.</param>
/// <param name="Priority">Priority.</param>
/// <param name="Status">active, paused or retired.</param>
/// <param name="Responsibility">Responsibility text.</param>
/// <param name="Duties">Key duties (replaces the list).</param>
/// <param name="Tags">Expertise tags (replaces the list).</param>
public sealed record ChangeRequest(
    string? DisplayName = null,
    string? Role = null,
    string? Project = null,
    int? Priority = null,
    string? Status = null,
    string? Responsibility = null,
    IReadOnlyList<string>? Duties = null,
    IReadOnlyList<string>? Tags = null)
{
    /// <summary>The domain command.</summary>
    public ChangeExpert ToCommand() => new(DisplayName, Role, Project, Priority, ExpertStatuses.ParseInput(Status), Responsibility, Duties, Tags);
}

/// <summary>An expert as the API shows it, with computed metrics and the version to send back in <c>If-Match</c>.</summary>
/// <param name="Slug">Slug.</param>
/// <param name="DisplayName">Name.</param>
/// <param name="Role">Role.</param>
/// <param name="Project">Project.</param>
/// <param name="Priority">Priority.</param>
/// <param name="Status">Status.</param>
/// <param name="Responsibility">Responsibility.</param>
/// <param name="Duties">Duties.</param>
/// <param name="Tags">Tags.</param>
/// <param name="CreatedAt">Onboarded at.</param>
/// <param name="LastUpdate">Latest evidence.</param>
/// <param name="Version">Stream version (also the ETag).</param>
/// <param name="ActiveItems">Active knowledge items.</param>
/// <param name="Tasks">Tasks taken part in.</param>
/// <param name="Metrics">Computed metrics.</param>
public sealed record ExpertView(
    string Slug,
    string DisplayName,
    string Role,
    string Project,
    int Priority,
    string Status,
    string Responsibility,
    IReadOnlyList<string> Duties,
    IReadOnlyList<string> Tags,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdate,
    long Version,
    int ActiveItems,
    int Tasks,
    ExpertMetrics Metrics)
{
    /// <summary>The view of a snapshot.</summary>
    public static ExpertView Of(Snapshot snapshot)
    {
        var s = snapshot.State;
        return new ExpertView(s.Slug, s.DisplayName, s.Role, s.Project, s.Priority, s.Status.Code(), s.Responsibility, s.Duties, s.Tags,
            s.CreatedAt, s.LastUpdate, snapshot.Version, s.Items.Values.Count(i => i.IsActive), s.Tasks.Count, ExpertMetrics.Of(s));
    }
}
