using System.Data.Common;
using KnowledgeOs.Experts;

namespace KnowledgeOs.Storage.Relational;

/// <summary>
/// The event store on a relational database, the part every database shares (as Eventuous's one
/// <c>SqlEventStoreBase</c> with a schema per provider): appends through the group-commit writer, the event reads
/// (a stream, a stream after a version, the whole log, a team's feed, the head position) in one SQL text with the
/// dialect's spellings (<see cref="ReadDialect"/>), the projection rebuild, and the archive
/// (<c>RelationalArchive.cs</c>). A database's store names how it opens connections, maps its errors and writes rows.
/// </summary>
/// <typeparam name="TConnection">The database's connection type.</typeparam>
public abstract partial class RelationalEventStore<TConnection> : IEventStore, IStoreArchive
    where TConnection : DbConnection
{
    private readonly ReadDialect _dialect;
    private readonly SnapshotDialect _snapshots;
    private readonly string _events;
    private int _disposed;

    /// <summary>A store writing through <paramref name="writer"/> and reading with <paramref name="dialect"/>'s and <paramref name="snapshots"/>' spellings.</summary>
    protected RelationalEventStore(GroupCommitLoop<TConnection> writer, ReadDialect dialect, SnapshotDialect snapshots)
    {
        Writer = writer;
        _dialect = dialect;
        _snapshots = snapshots;
        _events = $"SELECT {dialect.EventColumns} FROM events";
    }

    /// <summary>The store's single writer.</summary>
    protected GroupCommitLoop<TConnection> Writer { get; }

    /// <summary>Batches the writer committed and the commits they held, since the store was opened.</summary>
    public WriterCounts WriterCounts => Writer.Counts;

    /// <summary>The database's spellings in the reads.</summary>
    protected ReadDialect Dialect => _dialect;

    /// <summary>Throws once the store is disposed.</summary>
    protected void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    /// <summary>Marks the store disposed; false when it already was.</summary>
    protected bool MarkDisposed() => Interlocked.Exchange(ref _disposed, 1) == 0;

    /// <summary>An open read connection of its own (pooled), for a streaming read; a failure to open is the store's error.</summary>
    protected abstract Task<TConnection> OpenReadAsync(CancellationToken ct);

    /// <summary>Runs a short read on a read connection of its own; a database that retries transient faults overrides it to retry the read whole.</summary>
    protected virtual async Task<T> ReadAsync<T>(Func<TConnection, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        await using var db = await OpenReadAsync(ct);
        return await read(db, ct);
    }

    /// <summary>
    /// Begins the transaction a snapshot read runs in (its one moment of the log), or gives null when the
    /// <see cref="SnapshotDialect"/>'s statements open and close it in the read's own command.
    /// </summary>
    protected virtual Task<DbTransaction?> BeginSnapshotReadAsync(TConnection db, CancellationToken ct) => Task.FromResult<DbTransaction?>(null);

    /// <summary>The store's error for a failure of the database while rows stream, or null to let it pass as it is.</summary>
    protected virtual Exception? ReadFailure(Exception ex) => null;

    /// <summary>
    /// Rewrites projection rows in the writer's transaction: the dialect gives its row writer to <paramref name="write"/>
    /// (after emptying what it keeps beside the item rows, such as a search index), runs it, and does what follows a bulk write.
    /// </summary>
    protected abstract Task RewriteProjectionsAsync(TConnection db, Action<RowWriter> write, CancellationToken ct);

    /// <inheritdoc/>
    public Task<AppendResult> AppendAsync(Commit commit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ThrowIfDisposed();
        return Writer.AppendAsync(commit, ct);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The single writer applies commits in the order they were queued, so the place is fixed on return. Commits named in
    /// <paramref name="after"/> that are not this store's are ignored.
    /// </remarks>
    public QueuedAppend Queue(Commit commit, IReadOnlyList<QueuedAppend> after, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(after);
        ThrowIfDisposed();
        var standsOn = after.Count == 0 ? [] : after.Select(a => a.Ticket).OfType<GroupCommitLoop<TConnection>.AppendRequest>().ToList();
        var request = Writer.Queue(commit, standsOn, ct);
        return new QueuedAppend(request.Done.Task, InOrder: true, request);
    }

    /// <inheritdoc/>
    public Task<Snapshot?> LoadAsync(StreamId stream, CancellationToken ct) =>
        ReadAsync(async (db, token) =>
        {
            await using var tx = await BeginSnapshotReadAsync(db, token);
            return await SnapshotLoader.LoadAsync(db, tx, _snapshots, stream, token);
        }, ct);

    /// <inheritdoc/>
    public Task<IReadOnlyList<Snapshot>> ListAsync(string team, CancellationToken ct) =>
        ReadAsync(async (db, token) =>
        {
            await using var tx = await BeginSnapshotReadAsync(db, token);
            return await SnapshotLoader.ListAsync(db, tx, _snapshots, team, token);
        }, ct);

    /// <inheritdoc/>
    public abstract Task<IStreamLease> LeaseAsync(IReadOnlyList<StreamId> streams, CancellationToken ct);

    /// <inheritdoc/>
    public abstract ValueTask DisposeAsync();

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> TeamsAsync(CancellationToken ct) =>
        ReadAsync<IReadOnlyList<string>>((db, token) => ListAsync(db, "SELECT DISTINCT team FROM experts ORDER BY team", [], r => r.GetString(0), token), ct);

    /// <inheritdoc/>
    public IAsyncEnumerable<StoredEvent> ReadStreamAsync(StreamId stream, DateTimeOffset? recordedUpTo, CancellationToken ct) => recordedUpTo is { } upTo
        ? EventsAsync("WHERE stream = @stream AND recorded_at <= @upTo ORDER BY version", [("stream", stream.ToString()), ("upTo", _dialect.WriteTime(upTo))], ct)
        : EventsAsync("WHERE stream = @stream ORDER BY version", [("stream", stream.ToString())], ct);

    /// <inheritdoc/>
    public IAsyncEnumerable<StoredEvent> ReadStreamAfterAsync(StreamId stream, long afterVersion, CancellationToken ct) =>
        EventsAsync("WHERE stream = @stream AND version > @after ORDER BY version", [("stream", stream.ToString()), ("after", afterVersion)], ct);

    /// <inheritdoc/>
    public IAsyncEnumerable<StoredEvent> ReadAllAsync(long afterPosition, CancellationToken ct) =>
        EventsAsync("WHERE position > @after ORDER BY position", [("after", afterPosition)], ct);

    /// <inheritdoc/>
    /// <remarks>The team is the stream's text before '/', read through the database's <c>events_by_team</c> index.</remarks>
    public IAsyncEnumerable<StoredEvent> ReadTeamAfterAsync(string team, long afterPosition, CancellationToken ct) =>
        EventsAsync($"WHERE {_dialect.TeamOfStream} = @team AND position > @after ORDER BY position", [("team", team), ("after", afterPosition)], ct);

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredEvent>> ReadTeamLatestAsync(string team, int count, CancellationToken ct) =>
        ReadAsync((db, token) => ListAsync(db, $"{_events} WHERE {_dialect.TeamOfStream} = @team ORDER BY position DESC LIMIT @count",
            [("team", team), ("count", count)], _dialect.Event, token), ct);

    /// <inheritdoc/>
    public virtual Task<long> HeadPositionAsync(CancellationToken ct) => ReadAsync((db, token) => ScalarAsync(db, _dialect.HeadPosition, token), ct);

    /// <inheritdoc/>
    /// <remarks>
    /// A snapshot whose version is not the stream's current one, or a stream left out, means the log moved since it
    /// was replayed: the replacement is refused so that projections never fall behind the streams they describe.
    /// </remarks>
    public Task ReplaceProjectionsAsync(IReadOnlyList<(StreamId Stream, Snapshot Snapshot)> projections, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(projections);
        ThrowIfDisposed();
        return Writer.RunExclusiveAsync(async (db, token) =>
        {
            var versions = new Dictionary<string, long>(StringComparer.Ordinal);
            await foreach (var (stream, version) in DbRows.ReadAsync(db, null, "SELECT stream, version FROM streams", [],
                r => (r.GetString(0), r.GetInt64(1)), DbRows.AsIs, token))
                versions[stream] = version;
            CommitRules.ValidateReplacement(versions, projections);
            await RewriteProjectionsAsync(db, rows =>
            {
                rows.Add(ProjectionSql.DeleteItems);
                rows.Add(ProjectionSql.DeleteExperts);
                foreach (var (stream, snapshot) in projections) CommitRows.AddAll(rows, stream, snapshot.Version, snapshot.State);
                rows.Add(ProjectionGenerationSql.Bump);
            }, token);
        }, retry: true, ct);
    }

    /// <inheritdoc/>
    public Task<long> ProjectionGenerationAsync(CancellationToken ct) =>
        ReadAsync((db, token) => ScalarAsync(db, ProjectionGenerationSql.Read, token), ct);

    private async IAsyncEnumerable<StoredEvent> EventsAsync(string where, (string Name, object? Value)[] parameters,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await OpenReadAsync(ct);
        await foreach (var e in DbRows.ReadAsync(db, null, $"{_events} {where}", parameters, _dialect.Event, ReadFailure, ct)) yield return e;
    }

    private static async Task<IReadOnlyList<T>> ListAsync<T>(DbConnection db, string sql, (string Name, object? Value)[] parameters,
        Func<DbDataReader, T> map, CancellationToken ct)
    {
        var list = new List<T>();
        await foreach (var row in DbRows.ReadAsync(db, null, sql, parameters, map, DbRows.AsIs, ct)) list.Add(row);
        return list;
    }

    private static async Task<long> ScalarAsync(DbConnection db, string sql, CancellationToken ct)
    {
        await using var command = DbCommands.Create(db, sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
