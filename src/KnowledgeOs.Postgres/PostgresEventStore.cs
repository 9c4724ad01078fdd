using System.Runtime.CompilerServices;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;
using Npgsql;
using Polly;

namespace KnowledgeOs.Postgres;

/// <summary>
/// The event store on PostgreSQL, for several stateless servers on one database: appends go through this instance's
/// group-commit writer (<c>synchronous_commit=on</c>), every append transaction of every instance takes the one-row
/// log head lock so global positions are gap-free in commit order; reads use the pool and see every committed append.
/// </summary>
public sealed partial class PostgresEventStore : IEventStore
{
    private readonly NpgsqlDataSource _source;
    private readonly PgWriter _writer;
    private readonly ResiliencePipeline _retry;
    private readonly PostgresStoreOptions _options;
    private readonly PgStreamLeases _leases;
    private int _disposed;

    private PostgresEventStore(NpgsqlDataSource source, PgStreamLeases leases, string where, string schema, PostgresStoreOptions options, TimeProvider time)
    {
        _source = source;
        _leases = leases;
        Where = where;
        Schema = schema;
        _options = options;
        _retry = PgRetry.Create(options);
        _writer = new PgWriter(source, where, time, options);
    }

    /// <summary>Host, port and database, for messages (never the password).</summary>
    public string Where { get; }

    /// <summary>The schema holding the store's tables.</summary>
    public string Schema { get; }

    /// <summary>The store's connection pool (search path set to <see cref="Schema"/>), for tables other parts keep
    /// beside the log (the server's API keys and HTTP idempotency keys), so they share one pool and one schema.</summary>
    public System.Data.Common.DbDataSource DataSource => _source;

    /// <summary>
    /// Calls <paramref name="onCommit"/> with the new head position whenever any instance commits on this store
    /// (PostgreSQL <c>LISTEN</c>/<c>NOTIFY</c>), and with -1 after each (re)connect, until cancelled. A hint to look,
    /// not a delivery: readers still read the log by position.
    /// </summary>
    public Task ListenAsync(Action<long> onCommit, CancellationToken ct) => PgNotifications.ListenAsync(_source, Schema, onCommit, ct);

    /// <summary>Host, port and database of a connection string, for messages (never the password).</summary>
    /// <exception cref="InputException">The connection string is not valid.</exception>
    public static string Describe(string connectionString) => PgConnections.Describe(PgConnections.Builder(connectionString));

    /// <summary>Opens the store with default options, creating or migrating its schema.</summary>
    /// <exception cref="StorageException">The server cannot be reached, refuses the login, or the schema is not a store.</exception>
    public static Task<PostgresEventStore> OpenAsync(string connectionString, TimeProvider time, CancellationToken ct) =>
        OpenAsync(connectionString, time, PostgresStoreOptions.Default, ct);

    /// <summary>Opens the store, creating or migrating its schema (safe when several servers start at once).</summary>
    /// <exception cref="StorageException">The server cannot be reached, refuses the login, or the schema is not a store.</exception>
    public static async Task<PostgresEventStore> OpenAsync(string connectionString, TimeProvider time, PostgresStoreOptions options, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        var builder = PgConnections.Builder(connectionString);
        var where = PgConnections.Describe(builder);
        var schema = options.Schema ?? PgConnections.SearchPathSchema(builder) ?? "public";
        var source = PgConnections.Create(connectionString, schema);
        try
        {
            await PgRetry.Create(options).ExecuteAsync(async token =>
            {
                await using var db = await source.OpenConnectionAsync(token);
                await PgSchema.MigrateAsync(db, schema, where, time, token);
            }, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await source.DisposeAsync();
            throw PgRetry.GaveUp(where, options, ex);
        }
        return new PostgresEventStore(source, new PgStreamLeases(connectionString, schema, options.MaxLeases), where, schema, options, time);
    }

    /// <inheritdoc/>
    public Task<AppendResult> AppendAsync(Commit commit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _writer.AppendAsync(commit, ct);
    }

    /// <summary>
    /// PostgreSQL's part of the snapshot reads: both queries go in one round trip inside one REPEATABLE READ, READ
    /// ONLY transaction opened and closed in the same command.
    /// </summary>
    private static readonly SnapshotDialect Snapshots = new("e.data::text", "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", "COMMIT");

    /// <inheritdoc/>
    public Task<Snapshot?> LoadAsync(StreamId stream, CancellationToken ct) =>
        ReadAsync((db, token) => SnapshotLoader.LoadAsync(db, null, Snapshots, stream, token), ct);

    /// <inheritdoc/>
    public Task<IReadOnlyList<Snapshot>> ListAsync(string team, CancellationToken ct) =>
        ReadAsync((db, token) => SnapshotLoader.ListAsync(db, null, Snapshots, team, token), ct);

    /// <inheritdoc/>
    public Task<IReadOnlyList<string>> TeamsAsync(CancellationToken ct) =>
        ReadAsync<IReadOnlyList<string>>(async (db, token) =>
        {
            await using var command = Query(db, "SELECT DISTINCT team FROM experts ORDER BY team");
            await using var reader = await command.ExecuteReaderAsync(token);
            var list = new List<string>();
            while (await reader.ReadAsync(token)) list.Add(reader.GetString(0));
            return list;
        }, ct);

    /// <inheritdoc/>
    public async IAsyncEnumerable<StoredEvent> ReadStreamAsync(StreamId stream, DateTimeOffset? recordedUpTo, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await OpenReadAsync(ct);
        await using var command = recordedUpTo is { } upTo
            ? Query(db, "SELECT position, stream, version, type, data::text, recorded_at FROM events WHERE stream = @stream AND recorded_at <= @upTo ORDER BY version",
                ("stream", stream.ToString()), ("upTo", upTo.UtcDateTime))
            : Query(db, "SELECT position, stream, version, type, data::text, recorded_at FROM events WHERE stream = @stream ORDER BY version",
                ("stream", stream.ToString()));
        await using var reader = await Execute(command, ct);
        while (await Read(reader, ct)) yield return ReadEvent(reader);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<StoredEvent> ReadStreamAfterAsync(StreamId stream, long afterVersion, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await OpenReadAsync(ct);
        await using var command = Query(db, "SELECT position, stream, version, type, data::text, recorded_at FROM events WHERE stream = @stream AND version > @after ORDER BY version",
            ("stream", stream.ToString()), ("after", afterVersion));
        await using var reader = await Execute(command, ct);
        while (await Read(reader, ct)) yield return ReadEvent(reader);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<StoredEvent> ReadAllAsync(long afterPosition, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await OpenReadAsync(ct);
        await using var command = Query(db, "SELECT position, stream, version, type, data::text, recorded_at FROM events WHERE position > @after ORDER BY position",
            ("after", afterPosition));
        await using var reader = await Execute(command, ct);
        while (await Read(reader, ct)) yield return ReadEvent(reader);
    }

    /// <summary>The team of a stored stream name, spelled exactly as the <c>events_by_team</c> index is (migration 6).</summary>
    private const string TeamOfStream = "split_part(stream, '/', 1)";

    /// <inheritdoc/>
    public async IAsyncEnumerable<StoredEvent> ReadTeamAfterAsync(string team, long afterPosition, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await OpenReadAsync(ct);
        await using var command = Query(db, $"SELECT position, stream, version, type, data::text, recorded_at FROM events WHERE {TeamOfStream} = @team AND position > @after ORDER BY position",
            ("team", team), ("after", afterPosition));
        await using var reader = await Execute(command, ct);
        while (await Read(reader, ct)) yield return ReadEvent(reader);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<StoredEvent>> ReadTeamLatestAsync(string team, int count, CancellationToken ct) =>
        ReadAsync<IReadOnlyList<StoredEvent>>(async (db, token) =>
        {
            await using var command = Query(db, $"SELECT position, stream, version, type, data::text, recorded_at FROM events WHERE {TeamOfStream} = @team ORDER BY position DESC LIMIT @count",
                ("team", team), ("count", count));
            await using var reader = await command.ExecuteReaderAsync(token);
            var list = new List<StoredEvent>();
            while (await reader.ReadAsync(token)) list.Add(ReadEvent(reader));
            return list;
        }, ct);

    /// <inheritdoc/>
    public Task<long> HeadPositionAsync(CancellationToken ct) =>
        ReadAsync(async (db, token) =>
        {
            // Moved by every appending transaction under its lock: the newest committed position, read in one row.
            await using var command = Query(db, "SELECT position FROM log_head");
            return (long)(await command.ExecuteScalarAsync(token))!;
        }, ct);

    /// <inheritdoc/>
    public Task ReplaceProjectionsAsync(IReadOnlyList<(StreamId Stream, Snapshot Snapshot)> projections, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(projections);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _writer.RunExclusiveAsync(async (db, token) =>
        {
            var versions = new Dictionary<string, long>(StringComparer.Ordinal);
            await using (var command = Query(db, "SELECT stream, version FROM streams"))
            await using (var reader = await command.ExecuteReaderAsync(token))
            {
                while (await reader.ReadAsync(token)) versions[reader.GetString(0)] = reader.GetInt64(1);
            }
            CommitRules.ValidateReplacement(versions, projections);
            await using var batch = new NpgsqlBatch(db);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM items"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM experts"));
            foreach (var (stream, snapshot) in projections) PgProjectionRows.WriteAll(batch, stream, snapshot.State, snapshot.Version);
            batch.BatchCommands.Add(new NpgsqlBatchCommand(PgProjectionRows.AfterBulkWrite));
            await batch.ExecuteNonQueryAsync(token);
        }, retry: true, ct);
    }

    /// <inheritdoc/>
    public async Task<IStreamLease> LeaseAsync(IReadOnlyList<StreamId> streams, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        try
        {
            return await _leases.AcquireAsync(streams, ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            throw PgErrors.Map(Where, ex);
        }
    }

    /// <inheritdoc/>
    public Task<long> CountEventsAsync(CancellationToken ct) =>
        ReadAsync(async (db, token) =>
        {
            await using var command = Query(db, "SELECT count(*) FROM events");
            return (long)(await command.ExecuteScalarAsync(token))!;
        }, ct);

    /// <summary>Finishes every queued append, then closes the pool.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _writer.DisposeAsync();
        await _leases.DisposeAsync();
        await _source.DisposeAsync();
    }

    /// <summary>Runs a read on a pooled connection, retrying it whole after a transient fault.</summary>
    private Task<T> ReadAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _retry.OnConnectionAsync(_source, Where, _options, read, ct);
    }

    /// <summary>A pooled connection for a streaming read; opening it is retried, a drop mid-stream is reported.</summary>
    private async Task<NpgsqlConnection> OpenReadAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        try
        {
            return await _retry.ExecuteAsync(async token => await _source.OpenConnectionAsync(token), ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            throw PgRetry.GaveUp(Where, _options, ex);
        }
    }

    private async Task<NpgsqlDataReader> Execute(NpgsqlCommand command, CancellationToken ct)
    {
        try
        {
            return await command.ExecuteReaderAsync(ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            throw PgErrors.Map(Where, ex);
        }
    }

    private async Task<bool> Read(NpgsqlDataReader reader, CancellationToken ct)
    {
        try
        {
            return await reader.ReadAsync(ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            throw PgErrors.Map(Where, ex);
        }
    }

    private static StoredEvent ReadEvent(NpgsqlDataReader reader)
    {
        var type = reader.GetString(3);
        return new StoredEvent(reader.GetInt64(0), StreamId.Parse(reader.GetString(1)), reader.GetInt64(2), type,
            EventTypes.Deserialize(type, reader.GetString(4)), reader.GetFieldValue<DateTimeOffset>(5));
    }

    private static NpgsqlCommand Query(NpgsqlConnection db, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, db);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }
}
