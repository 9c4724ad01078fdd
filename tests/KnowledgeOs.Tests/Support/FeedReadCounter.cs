using KnowledgeOs.Storage;

namespace KnowledgeOs.Tests.Support;

/// <summary>The real store underneath, counting the change-feed reads (<see cref="IEventStore.ReadTeamAfterAsync"/>) started on it.</summary>
public sealed class FeedReadCounter(IEventStore inner) : ForwardingEventStore(inner)
{
    private int _reads;
    private int _headReads;

    /// <summary>Feed reads started so far.</summary>
    public int Reads => Volatile.Read(ref _reads);

    /// <summary>Reads of the log's head so far.</summary>
    public int HeadReads => Volatile.Read(ref _headReads);

    /// <inheritdoc/>
    public override Task<long> HeadPositionAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _headReads);
        return base.HeadPositionAsync(ct);
    }

    /// <inheritdoc/>
    public override IAsyncEnumerable<StoredEvent> ReadTeamAfterAsync(string team, long afterPosition, CancellationToken ct)
    {
        Interlocked.Increment(ref _reads);
        return base.ReadTeamAfterAsync(team, afterPosition, ct);
    }
}
