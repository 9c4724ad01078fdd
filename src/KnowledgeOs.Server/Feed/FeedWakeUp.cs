using KnowledgeOs.Storage;

namespace KnowledgeOs.Server.Feed;

/// <summary>
/// Wakes this server's change feeds the moment one of its own appends writes events, so an SSE client sees them at
/// once rather than at its next poll. (Other processes' commits wake them through <see cref="CommitListener"/> on
/// PostgreSQL, or at the poll on SQLite.)
/// </summary>
public sealed class FeedWakeUp(IEventStore inner, ChangeSignal signal) : ForwardingEventStore(inner)
{
    /// <inheritdoc/>
    protected override async Task<AppendResult> AppendedAsync(Commit commit, Task<AppendResult> durable, CancellationToken ct)
    {
        var result = await durable;
        if (!result.Duplicate && result.EventCount > 0) signal.Pulse(result.LastPosition);
        return result;
    }
}
