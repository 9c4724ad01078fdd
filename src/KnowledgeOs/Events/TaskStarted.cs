namespace KnowledgeOs.Events;

/// <summary>
/// The expert started a task that is not finished yet: it counts as open work (routing's workload) until a report of the
/// task is learned for them (<see cref="TaskCompleted"/>). Written by <c>kos task start</c>, the start endpoint, the MCP
/// tool <c>start_work</c> or a report whose outcome is <c>in_progress</c>; a task already open or finished for the expert
/// gets none, so a replay writes nothing.
/// </summary>
public sealed record TaskStarted : KnowledgeEvent
{
    /// <summary>The task (the id its final report will carry).</summary>
    public required string TaskId { get; init; }
    /// <summary>The task's title, when the start gave one.</summary>
    public string? Title { get; init; }
}
