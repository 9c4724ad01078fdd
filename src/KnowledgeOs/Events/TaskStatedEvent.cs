namespace KnowledgeOs.Events;

/// <summary>
/// What a report states of a task the expert took part in, as <see cref="TaskCompleted"/> records it first and
/// <see cref="TaskRevised"/> restates it. The task id (and the revision) stay on the sealed events: the store writes a
/// type's own properties before its base's, so they keep their place at the head of the stored JSON.
/// </summary>
public abstract record TaskStatedEvent : KnowledgeEvent
{
    /// <summary>Task title.</summary>
    public required string Title { get; init; }
    /// <summary><c>success</c>, <c>partial</c>, <c>failure</c> or <c>unknown</c> (the report did not say).</summary>
    public required Outcome Outcome { get; init; }
    /// <summary>Errors the expert fixed in the task.</summary>
    public int ErrorsFixed { get; init; }
    /// <summary>Duration in minutes, when reported.</summary>
    public int? DurationMinutes { get; init; }
    /// <summary>What the expert reported as needing improvement (kept as evidence, not as items).</summary>
    public IReadOnlyList<string> ToImprove { get; init; } = [];
    /// <summary>Task tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
}
