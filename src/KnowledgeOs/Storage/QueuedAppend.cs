namespace KnowledgeOs.Storage;

/// <summary>
/// A commit handed to a store (<see cref="IEventStore.Queue"/>): when it will be durable, and whether the store has
/// already fixed its place, so that a commit queued later is applied after it.
/// </summary>
/// <param name="Durable">Completes once the commit is durable, with what <see cref="IEventStore.AppendAsync"/> would answer.</param>
/// <param name="InOrder">True when the commit is already queued in the store's single writer: a later commit of this
/// process is applied after it, so the next writer of the same streams may decide on the state it leads to and queue
/// behind it (early lock release). False when the store fixes no order before the commit is durable.</param>
/// <param name="Ticket">The store's own handle of the queued commit, which a later commit names as one it was decided on
/// (<c>after</c> of <see cref="IEventStore.Queue"/>); null for a store that fixes no order.</param>
public sealed record QueuedAppend(Task<AppendResult> Durable, bool InOrder, object? Ticket = null);
