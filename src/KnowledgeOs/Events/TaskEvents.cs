namespace KnowledgeOs.Events;

/// <summary>
/// The task-level knowledge of a task the expert took part in: what the task was (its description), what the
/// report says of the task as a whole (the ATRA <c>overall_*</c> lists) and its measurements. Recorded after the
/// <see cref="TaskCompleted"/> on every participant's stream; a later one for the same task replaces it (an amendment).
/// </summary>
public sealed record TaskDescribed : KnowledgeEvent
{
    /// <summary>The task.</summary>
    public required string TaskId { get; init; }
    /// <summary>What the task was (<c>task_description</c>, native <c>description</c>).</summary>
    public string? Description { get; init; }
    /// <summary>What worked for the task as a whole (<c>overall_what_worked</c>).</summary>
    public IReadOnlyList<string>? WhatWorked { get; init; }
    /// <summary>What to improve next time, for the task as a whole (<c>overall_what_to_improve</c>).</summary>
    public IReadOnlyList<string>? WhatToImprove { get; init; }
    /// <summary>What the team learned, for the task as a whole (<c>overall_new_knowledge</c>).</summary>
    public IReadOnlyList<string>? NewKnowledge { get; init; }
    /// <summary>The report's <c>metrics</c>, typed.</summary>
    public IReadOnlyList<TaskMeasurement>? Measurements { get; init; }
}

/// <summary>
/// A revision of a task the expert already took part in replaced its record (<c>kos learn --amend</c>): the
/// task's fields as the revision states them. The items the revision removed are retracted by their own events.
/// </summary>
public sealed record TaskRevised : TaskStatedEvent
{
    /// <summary>The task.</summary>
    public required string TaskId { get; init; }
    /// <summary>The revision: the first 8 hex digits of the revised report's content hash.</summary>
    public required string Revision { get; init; }
}

/// <summary>
/// A revision of a task (<c>kos learn --amend</c>) no longer names the expert: the task leaves their record, so their
/// tasks, outcome counters and level evidence are as if they had not taken part. The items only this task evidenced
/// are retracted by their own events. A later revision that names them again gives them the task back.
/// </summary>
public sealed record TaskWithdrawn : KnowledgeEvent
{
    /// <summary>The task.</summary>
    public required string TaskId { get; init; }
    /// <summary>The revision that dropped the expert: the first 8 hex digits of its content hash, or <c>original</c>.</summary>
    public required string Revision { get; init; }
    /// <summary>Why, in one line (<c>not named by revision 0123abcd of task T-4</c>).</summary>
    public required string Reason { get; init; }
}

/// <summary>One measurement of a task, from the report's <c>metrics</c>: a number or, when the report wrote text, the text.</summary>
/// <param name="Name">The metric's name as the report wrote it (<c>max_drawdown_pct</c>; nested objects as <c>a.b</c>).</param>
/// <param name="Value">The number, when it is one.</param>
/// <param name="Text">The text, when it is not a number (<c>"n/a"</c>, <c>true</c>).</param>
public sealed record TaskMeasurement(string Name, decimal? Value = null, string? Text = null)
{
    /// <summary>The value as shown: the number in invariant culture, else the text (derived, never stored).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Shown => Value is { } v ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : Text ?? "";
}
