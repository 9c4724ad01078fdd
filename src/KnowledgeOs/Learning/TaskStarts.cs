using KnowledgeOs.Events;
using KnowledgeOs.Experts;

namespace KnowledgeOs.Learning;

/// <summary>
/// Starting a task (docs/RETRIEVAL.md, "Workload"): the task is open for each participant from its start until a report
/// of it is learned for them. Pure.
/// </summary>
public static class TaskStarts
{
    /// <summary>The outcomes a report writes for a task still under way: <c>in_progress</c>, <c>in-progress</c>, <c>started</c>, <c>open</c>.</summary>
    public static IReadOnlyList<string> Words { get; } = ["in_progress", "in-progress", "started", "open"];

    /// <summary>True when an outcome as written says the task is still under way (case and surrounding spaces ignored).</summary>
    public static bool IsStartWord(string? outcome) =>
        outcome is not null && Words.Contains(outcome.Trim().ToLowerInvariant(), StringComparer.Ordinal);

    /// <summary>
    /// A <see cref="TaskStarted"/> for the expert, or nothing when the task is already open for them or already finished
    /// (a report of it was learned): starting twice, or replaying an in-progress report, writes nothing.
    /// </summary>
    public static IReadOnlyList<KnowledgeEvent> Decide(ExpertState state, string taskId, string? title, string source, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.OpenTasks.Exists(o => o.TaskId == taskId) || state.Task(taskId) is not null) return [];
        return [new TaskStarted { TaskId = taskId, Title = title is { Length: > 0 } t && t != taskId ? t : null, Source = source, At = at }];
    }
}
