namespace KnowledgeOs.Storage.Relational;

/// <summary>
/// How a database loads an archive's events and keys into its empty tables, in the import's write transaction
/// (prepared inserts, <c>COPY</c>): the import's flow around it is <see cref="RelationalEventStore{TConnection}"/>'s.
/// </summary>
public abstract class ArchiveLoad : IAsyncDisposable
{
    /// <summary>Adds an event as it was stored (its position, version and commit time kept).</summary>
    public abstract Task AddEventAsync(RawEvent e, CancellationToken ct);

    /// <summary>Adds an idempotency key as it was stored.</summary>
    public abstract Task AddKeyAsync(IdempotencyRecord key, CancellationToken ct);

    /// <summary>Writes what is still held back, after the last record; <paramref name="lastPosition"/> is the newest event's.</summary>
    public abstract Task CompleteAsync(long lastPosition, CancellationToken ct);

    /// <summary>Releases the statements (an unfinished load is abandoned with its transaction).</summary>
    public abstract ValueTask DisposeAsync();
}
