namespace KnowledgeOs.Experts;

/// <summary>An open task as the expert views show it (<c>openTaskList</c>): which task, its title, and since when.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Title">Its title, when the start gave one.</param>
/// <param name="StartedAt">When it was started: the time of its <see cref="Events.TaskStarted"/>.</param>
public sealed record OpenTaskView(string TaskId, string? Title, DateTimeOffset StartedAt)
{
    /// <summary>The expert's open tasks, oldest first, or null when there are none (the field is then left out).</summary>
    public static IReadOnlyList<OpenTaskView>? Of(ExpertState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.OpenTasks.IsEmpty ? null : [.. state.OpenTasks.Select(o => new OpenTaskView(o.TaskId, o.Title, o.At))];
    }
}
