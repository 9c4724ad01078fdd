namespace KnowledgeOs.Events;

/// <summary>
/// A task started for the expert (<see cref="TaskStarted"/>) will not be finished by them: abandoned, or started for the
/// wrong expert. It closes the open task (routing's workload) without a report. Written by <c>kos task cancel</c>, the
/// cancel endpoint or the MCP tool <c>cancel_work</c>, only for a task open for the expert, so a replay writes nothing.
/// </summary>
public sealed record TaskCancelled : KnowledgeEvent
{
    /// <summary>The task (the id it was started with).</summary>
    public required string TaskId { get; init; }
    /// <summary>Why it was cancelled, when the caller said.</summary>
    public string? Reason { get; init; }
}
