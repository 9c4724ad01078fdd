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
public sealed partial class PostgresEventStore : RelationalEventStore<NpgsqlConnection>
{
    /// <summary>
    /// PostgreSQL's spellings in the reads: JSON read as text, times as <c>timestamptz</c>, the team as the
    /// <c>events_by_team</c> index spells it (migration 6), and the head from the one-row log head every appending
    /// transaction moves under its lock (the newest committed position, read in one row).
    /// </summary>
    internal static readonly ReadDialect Reads = new("data::text", "split_part(stream, '/', 1)", PgLogHead.Read,
        at => at.UtcDateTime, (reader, i) => reader.GetFieldValue<DateTimeOffset>(i));

    private readonly NpgsqlDataSource _source;
    private readonly ResiliencePipeline _retry;
    private readonly PostgresStoreOptions _options;
    private readonly PgGroupLeases _leases;

    private PostgresEventStore(NpgsqlDataSource source, string connectionString, string where, string schema, PostgresStoreOptions options, TimeProvider time)
        : base(new PgWriter(source, where, time, options), Reads, Snapshots)
    {
        _source = source;
        _leases = new PgGroupLeases(source, connectionString, schema, where, options);
        Where = where;
        Schema = schema;
        _options = options;
        _retry = PgRetry.Create(options);
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
        // Named as the operator set them: the environment variable when the value came from one, else the C# option.
        var names = options.LeaseNames;
        if (options.MaxLeases < 1)
            throw new InputException($"The number of write leases must be at least 1, not {options.MaxLeases} ({names.MaxLeases}).", names.MaxLeases)
                .WithCode(ErrorCodes.NumberTooSmall, names.MaxLeases, nameof(options.MaxLeases), "1");
        if (options.LeaseGroups < 1)
            throw new InputException($"The number of lock groups per team must be at least 1, not {options.LeaseGroups} ({names.LeaseGroups}).", names.LeaseGroups)
                .WithCode(ErrorCodes.NumberTooSmall, names.LeaseGroups, nameof(options.LeaseGroups), "1");
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
        return new PostgresEventStore(source, connectionString, where, schema, options, time);
    }

    /// <summary>
    /// PostgreSQL's part of the snapshot reads: both queries go in one round trip inside one REPEATABLE READ, READ
    /// ONLY transaction opened and closed in the same command.
    /// </summary>
    private static readonly SnapshotDialect Snapshots = new("e.data::text", "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", "COMMIT");

    /// <summary>
    /// Takes writes forwarded by other servers at <paramref name="url"/> while this instance holds a lease, and forwards
    /// its own writes to the holder of theirs (<see cref="LeaseHolderAsync"/>); by default it does neither. Call before the
    /// first write.
    /// </summary>
    public void AdvertiseWritesAt(string url) => _leases.Holders.Advertise(url);

    /// <summary>
    /// Where to forward a write of <paramref name="team"/> (of <paramref name="expert"/>, when known): the address of the
    /// lease holder when another live server holds the lock group and this instance advertises an address too; null to
    /// write here. Routing only: the receiver writes under the lease as always. A write another server forwarded here
    /// (<paramref name="forwarded"/>) is sent on only when this instance is handing the group over, to the new holder.
    /// </summary>
    public ValueTask<string?> LeaseHolderAsync(string team, string? expert, bool forwarded, CancellationToken ct) =>
        _leases.HolderAsync(team, expert, forwarded, ct);

    /// <summary>The holder <see cref="LeaseHolderAsync"/> named could not be reached: the next write asks the database again.</summary>
    public void ForgetLeaseHolder(string team, string? expert) =>
        _leases.Holders.Forget(PgGroupLeases.Key(team, expert is null ? 0 : PgGroupLeases.GroupOf(expert, _options.LeaseGroups)));

    /// <summary>Leases granted by the database to this instance so far (see <see cref="PgGroupLeases"/>).</summary>
    internal long LeaseGrants => _leases.Grants;

    /// <summary>Round trips this instance made to take and let go of leases (see <see cref="PgGroupLeases.HandOverTrips"/>).</summary>
    internal long LeaseHandOverTrips => _leases.HandOverTrips;

    /// <summary>Requests of other servers for a lease this instance knows, heard on the lease channel (see <see cref="PgGroupLeases.Asks"/>).</summary>
    internal long LeaseAsks => _leases.Asks;

    /// <summary>Lock groups whose lease this instance holds, or believes it holds (see <see cref="PgGroupLeases.Held"/>).</summary>
    internal int LeasesHeld => _leases.Held;

    /// <inheritdoc/>
    /// <remarks>A writer lease per lock group of a team's experts, held across many writes (<see cref="PgGroupLeases"/>).</remarks>
    public override async Task<IStreamLease> LeaseAsync(IReadOnlyList<StreamId> streams, CancellationToken ct)
    {
        ThrowIfDisposed();
        try
        {
            return await _leases.AcquireAsync(streams, ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            throw PgErrors.Map(Where, ex);
        }
    }

    /// <summary>Finishes every queued append, then closes the pool.</summary>
    public override async ValueTask DisposeAsync()
    {
        if (!MarkDisposed()) return;
        await Writer.DisposeAsync();
        await _leases.DisposeAsync();
        await _source.DisposeAsync();
    }

    /// <summary>Runs a read on a pooled connection, retrying it whole after a transient fault.</summary>
    protected override Task<T> ReadAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        ThrowIfDisposed();
        return _retry.OnConnectionAsync(_source, Where, _options, read, ct);
    }

    /// <summary>A pooled connection for a streaming read; opening it is retried, a drop mid-stream is reported.</summary>
    protected override async Task<NpgsqlConnection> OpenReadAsync(CancellationToken ct)
    {
        ThrowIfDisposed();
        try
        {
            return await _retry.ExecuteAsync(async token => await _source.OpenConnectionAsync(token), ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException)
        {
            throw PgRetry.GaveUp(Where, _options, ex);
        }
    }

    /// <inheritdoc/>
    protected override Exception? ReadFailure(Exception ex) =>
        ex is NpgsqlException or IOException or TimeoutException ? PgErrors.Map(Where, ex) : null;

    private static NpgsqlCommand Query(NpgsqlConnection db, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, db);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }
}
