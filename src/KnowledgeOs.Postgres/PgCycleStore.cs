using System.Data.Common;
using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;
using Npgsql;
using Polly;

namespace KnowledgeOs.Postgres;

/// <summary>
/// The learning cycle's tables (<see cref="RelationalCycleStore"/>) on PostgreSQL beside the event store's (created
/// when missing, never touching the event tables), for several servers on one database; times are timestamptz,
/// keys sort by byte ("C") as on SQLite; every statement is retried whole after a transient fault.
/// </summary>
public sealed class PgCycleStore : RelationalCycleStore
{
    private static readonly string Create = CreateTables("text COLLATE \"C\"", "timestamptz");

    private readonly NpgsqlDataSource _source;
    private readonly ResiliencePipeline _retry;
    private readonly PostgresStoreOptions _options;
    private readonly string _where;

    private PgCycleStore(NpgsqlDataSource source, string where, PostgresStoreOptions options)
    {
        _source = source;
        _where = where;
        _options = options;
        _retry = PgRetry.Create(options);
    }

    /// <summary>Opens the cycle tables in an existing KnowledgeOS store with default options (open the event store on it first).</summary>
    /// <exception cref="StorageException">The server cannot be reached, or the schema is not a KnowledgeOS store.</exception>
    public static Task<PgCycleStore> OpenAsync(string connectionString, CancellationToken ct) =>
        OpenAsync(connectionString, PostgresStoreOptions.Default, ct);

    /// <summary>
    /// Opens the cycle tables in an existing KnowledgeOS store (the schema of <see cref="PostgresStoreOptions.Schema"/>
    /// or the connection's search path), creating them when missing.
    /// </summary>
    /// <exception cref="StorageException">The server cannot be reached, or the schema is not a KnowledgeOS store.</exception>
    public static async Task<PgCycleStore> OpenAsync(string connectionString, PostgresStoreOptions options, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(options);
        var builder = PgConnections.Builder(connectionString);
        var where = PgConnections.Describe(builder);
        var schema = options.Schema ?? PgConnections.SearchPathSchema(builder) ?? "public";
        var source = PgConnections.Create(connectionString, schema);
        var store = new PgCycleStore(source, where, options);
        try
        {
            await store.RunAsync(async (db, token) =>
            {
                await using var tx = await db.BeginTransactionAsync(token);
                await using (var check = DbCommands.Create(db, """
                    SELECT count(*) FILTER (WHERE tablename = 'schema_migrations'),
                           count(*) FILTER (WHERE tablename IN ('cycle_leases', 'cycle_runs', 'cycle_feeds'))
                    FROM pg_tables WHERE schemaname = @schema
                    """, ("schema", schema)))
                await using (var reader = await check.ExecuteReaderAsync(token))
                {
                    await reader.ReadAsync(token);
                    if (reader.GetInt64(0) == 0)
                        throw new StorageException($"Schema '{schema}' of PostgreSQL at {where} is not a KnowledgeOS store (no schema_migrations table); open the event store on it first.");
                    // Already there: no DDL, so a login without the CREATE privilege runs the cycle too.
                    if (reader.GetInt64(1) == 3) return 0;
                }
                // IF NOT EXISTS alone races (two creators collide on the catalog); the lock makes the second wait, then do nothing.
                await using (var lockCommand = DbCommands.Create(db, "SELECT pg_advisory_xact_lock(hashtextextended('kos.cycle:' || @schema, 0))", ("schema", schema)))
                    await lockCommand.ExecuteNonQueryAsync(token);
                await using (var create = DbCommands.Create(db, Create)) await create.ExecuteNonQueryAsync(token);
                await tx.CommitAsync(token);
                return 0;
            }, ct);
        }
        catch
        {
            await source.DisposeAsync();
            throw;
        }
        return store;
    }

    /// <summary>Closes the pool.</summary>
    public override ValueTask DisposeAsync() => _source.DisposeAsync();

    /// <summary>timestamptz takes UTC; a DateTimeOffset with an offset would be refused by Npgsql.</summary>
    protected override object Time(DateTimeOffset at) => at.UtcDateTime;

    /// <inheritdoc/>
    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    /// <summary>Runs one statement's work on a pooled connection, retried whole after a transient fault.</summary>
    protected override Task<T> RunAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken ct) =>
        _retry.OnConnectionAsync(_source, _where, _options, (db, token) => work(db, token), ct);
}
