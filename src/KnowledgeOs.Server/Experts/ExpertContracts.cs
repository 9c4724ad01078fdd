using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Metrics;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Server.Experts;

/// <summary>
/// The profile fields onboarding and a change both take. Left out, a field takes its default when onboarding and stays as
/// it is on a change.
/// </summary>
public abstract record ExpertProfileRequest
{
    /// <summary>Project.</summary>
    public string? Project { get; init; }
    /// <summary>Priority, 1 is highest (default 3).</summary>
    public int? Priority { get; init; }
    /// <summary>active (default), paused or retired.</summary>
    public string? Status { get; init; }
    /// <summary>Responsibility text.</summary>
    public string? Responsibility { get; init; }
    /// <summary>Key duties (a change replaces the list).</summary>
    public IReadOnlyList<string>? Duties { get; init; }
    /// <summary>Expertise tags (a change replaces the list).</summary>
    public IReadOnlyList<string>? Tags { get; init; }
}

/// <summary>Onboarding an expert. Sources, versions and metrics are the server's and cannot be sent.</summary>
/// <param name="Slug">Ascii id, unique in the team (<c>igor</c>).</param>
/// <param name="DisplayName">Name as people write it.</param>
/// <param name="Role">Role.</param>
public sealed record OnboardRequest(string Slug, string DisplayName, string Role) : ExpertProfileRequest
{
    /// <summary>The domain command.</summary>
    public OnboardExpert ToCommand() => new(Slug, DisplayName, Role, Project ?? "", Priority ?? 3, ExpertStatuses.ParseInput(Status) ?? ExpertStatus.Active,
        Responsibility ?? "", Duties, Tags);
}

/// <summary>Changing profile fields; fields left out stay as they are.</summary>
/// <param name="DisplayName">Name.</param>
/// <param name="Role">Role.</param>
public sealed record ChangeRequest(string? DisplayName = null, string? Role = null) : ExpertProfileRequest
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
    /// <summary>Tasks started and not finished (the expert's workload; routing ranks a busy expert lower).</summary>
    public int OpenTasks { get; init; }

    /// <summary>The open tasks themselves, oldest first: task id, title, <c>startedAt</c>; absent when there are none.</summary>
    public IReadOnlyList<OpenTaskView>? OpenTaskList { get; init; }

    /// <summary>The view of a snapshot.</summary>
    public static ExpertView Of(Snapshot snapshot)
    {
        var s = snapshot.State;
        return new ExpertView(s.Slug, s.DisplayName, s.Role, s.Project, s.Priority, s.Status.Code(), s.Responsibility, s.Duties, s.Tags,
            s.CreatedAt, s.LastUpdate, snapshot.Version, s.Items.Values.Count(i => i.IsActive), s.Tasks.Count, ExpertMetrics.Of(s))
        {
            OpenTasks = s.OpenTasks.Count,
            OpenTaskList = OpenTaskView.Of(s),
        };
    }
}
