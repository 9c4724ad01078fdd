using KnowledgeOs.Storage;

namespace KnowledgeOs.Tests.Support;

/// <summary>The real store underneath, counting the change-feed reads (<see cref="IEventStore.ReadTeamAfterAsync"/>) started on it.</summary>
public sealed class FeedReadCounter(IEventStore inner) : ForwardingEventStore(inner)
{
    private int _reads;

    /// <summary>Feed reads started so far.</summary>
    public int Reads => Volatile.Read(ref _reads);

    /// <inheritdoc/>
    public override IAsyncEnumerable<StoredEvent> ReadTeamAfterAsync(string team, long afterPosition, CancellationToken ct)
    {
        Interlocked.Increment(ref _reads);
        return base.ReadTeamAfterAsync(team, afterPosition, ct);
    }
}
