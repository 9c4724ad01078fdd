namespace KnowledgeOs.Storage;

/// <summary>
/// A store that hands every call to another one: the base of the server's decorators (cache, telemetry, feed
/// wake-up), so each overrides only what it adds and a new contract member is forwarded in one place.
/// </summary>
/// <param name="inner">The wrapped store.</param>
public abstract class ForwardingEventStore(IEventStore inner) : IEventStore
{
    /// <summary>The wrapped store.</summary>
    public IEventStore Inner => inner;

    /// <inheritdoc/>
    public Task<AppendResult> AppendAsync(Commit commit, CancellationToken ct) => AppendedAsync(commit, inner.AppendAsync(commit, ct), ct);

    /// <inheritdoc/>
    /// <remarks>The inner store fixes the commit's place; only its completion passes through <see cref="AppendedAsync"/>.</remarks>
    public QueuedAppend Queue(Commit commit, IReadOnlyList<QueuedAppend> after, CancellationToken ct)
    {
        var queued = inner.Queue(commit, after, ct);
        return queued with { Durable = AppendedAsync(commit, queued.Durable, ct) };
    }

    /// <summary>
    /// What a decorator adds to an append (both <see cref="AppendAsync"/> and <see cref="Queue"/> pass through here):
    /// it awaits <paramref name="durable"/>, the inner store's answer, and acts on it. Nothing here may run before the
    /// commit is durable, so what a decorator caches or signals is never a state that may still fail.
    /// </summary>
    protected virtual Task<AppendResult> AppendedAsync(Commit commit, Task<AppendResult> durable, CancellationToken ct) => durable;

    /// <inheritdoc/>
    public virtual Task<Snapshot?> LoadAsync(StreamId stream, CancellationToken ct) => inner.LoadAsync(stream, ct);

    /// <inheritdoc/>
    public virtual Task<IReadOnlyList<Snapshot>> ListAsync(string team, CancellationToken ct) => inner.ListAsync(team, ct);

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> TeamsAsync(CancellationToken ct) => inner.TeamsAsync(ct);

    /// <inheritdoc/>
    public IAsyncEnumerable<StoredEvent> ReadStreamAsync(StreamId stream, DateTimeOffset? recordedUpTo, CancellationToken ct) =>
        inner.ReadStreamAsync(stream, recordedUpTo, ct);

    /// <inheritdoc/>
    public virtual IAsyncEnumerable<StoredEvent> ReadStreamAfterAsync(StreamId stream, long afterVersion, CancellationToken ct) =>
        inner.ReadStreamAfterAsync(stream, afterVersion, ct);

    /// <inheritdoc/>
    public IAsyncEnumerable<StoredEvent> ReadAllAsync(long afterPosition, CancellationToken ct) => inner.ReadAllAsync(afterPosition, ct);

    /// <inheritdoc/>
    public virtual IAsyncEnumerable<StoredEvent> ReadTeamAfterAsync(string team, long afterPosition, CancellationToken ct) =>
        inner.ReadTeamAfterAsync(team, afterPosition, ct);

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredEvent>> ReadTeamLatestAsync(string team, int count, CancellationToken ct) =>
        inner.ReadTeamLatestAsync(team, count, ct);

    /// <inheritdoc/>
    public virtual Task<long> HeadPositionAsync(CancellationToken ct) => inner.HeadPositionAsync(ct);

    /// <inheritdoc/>
    public virtual Task ReplaceProjectionsAsync(IReadOnlyList<(StreamId Stream, Snapshot Snapshot)> projections, CancellationToken ct) =>
        inner.ReplaceProjectionsAsync(projections, ct);

    /// <inheritdoc/>
    public virtual Task<long> ProjectionGenerationAsync(CancellationToken ct) => inner.ProjectionGenerationAsync(ct);

    /// <inheritdoc/>
    public Task<IStreamLease> LeaseAsync(IReadOnlyList<StreamId> streams, CancellationToken ct) => inner.LeaseAsync(streams, ct);

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
