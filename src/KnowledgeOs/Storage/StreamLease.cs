namespace KnowledgeOs.Storage;

/// <summary>Streams held for one writer across processes (see <see cref="IEventStore.LeaseAsync"/>); disposing releases them.</summary>
public interface IStreamLease : IAsyncDisposable
{
    /// <summary>The stream's version when the lease was granted (0 for a new stream), or null when the store does not say
    /// (or said it to an earlier write under the same grant: the caller's own appends since are what it knows).</summary>
    long? VersionAt(StreamId stream);

    /// <summary>The stream's events other writers appended while this process did not hold it, in version order, as the
    /// store read them with the grant (one read for the whole team instead of one per stream); null when it did not.</summary>
    IReadOnlyList<StoredEvent>? Missed(StreamId stream) => null;

    /// <summary>All the events of <see cref="Missed"/>, one list per stream, to the first caller under a grant only (null
    /// after, or when the store did not read them): states cached of streams not written now are caught up too, since the
    /// next grant brings only what other writers append after this one.</summary>
    IEnumerable<IReadOnlyList<StoredEvent>>? TakeGrantMissed() => null;
}

/// <summary>A lease that holds nothing: for a store whose writers need no turn-taking beyond its version checks.</summary>
public sealed class NoLease : IStreamLease
{
    /// <summary>The one instance.</summary>
    public static NoLease Instance { get; } = new();

    /// <summary>A completed lease, as a store's <see cref="IEventStore.LeaseAsync"/> returns it.</summary>
    public static Task<IStreamLease> Completed { get; } = Task.FromResult<IStreamLease>(Instance);

    private NoLease()
    {
    }

    /// <inheritdoc/>
    public long? VersionAt(StreamId stream) => null;

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
