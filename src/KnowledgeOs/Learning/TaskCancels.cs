using KnowledgeOs.Events;
using KnowledgeOs.Experts;

namespace KnowledgeOs.Learning;

/// <summary>
/// Cancelling a started task (docs/RETRIEVAL.md, "Workload"): a task open for the expert is closed without a report. Pure.
/// </summary>
public static class TaskCancels
{
    /// <summary>
    /// A <see cref="TaskCancelled"/> for the expert, or nothing when the task is not open for them (never started,
    /// finished, or cancelled already): cancelling twice writes nothing.
    /// </summary>
    public static IReadOnlyList<KnowledgeEvent> Decide(ExpertState state, string taskId, string? reason, string source, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.OpenTasks.Exists(o => o.TaskId == taskId)) return [];
        return [new TaskCancelled { TaskId = taskId, Reason = reason is { Length: > 0 } r ? r : null, Source = source, At = at }];
    }
}
