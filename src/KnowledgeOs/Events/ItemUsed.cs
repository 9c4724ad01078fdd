namespace KnowledgeOs.Events;

/// <summary>
/// A task's report said it used this item (its <c>usedItems</c>, item ids or a context pack id), and how the task
/// went: the evidence behind an item's usefulness (docs/RETRIEVAL.md, "Usefulness"). Recorded on the stream of the
/// expert holding the item, in the same commit as the task's learning.
/// </summary>
public sealed record ItemUsed : KnowledgeEvent
{
    /// <summary>The item used.</summary>
    public required string ItemId { get; init; }
    /// <summary>The task that used it.</summary>
    public required string TaskId { get; init; }
    /// <summary>How the task went.</summary>
    public required Outcome Outcome { get; init; }
}
