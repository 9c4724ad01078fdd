using KnowledgeOs.Storage;
using Npgsql;
using NpgsqlTypes;
using Polly;

namespace KnowledgeOs.Postgres;

/// <summary>
/// The learning cycle's leases, runs and feed validators on PostgreSQL, in tables of their own beside the event
/// store's (created when missing, never touching the event tables), for several servers on one database. A lease
/// is taken with one conditional upsert: PostgreSQL locks the conflicting row and re-checks the condition against
/// its latest version, so of two runners in any processes exactly one gets it.
/// </summary>
public sealed class PgCycleStore : ICycleStore
{
    private const string Create = """
        CREATE TABLE IF NOT EXISTS cycle_leases (
            name       text        COLLATE "C" PRIMARY KEY,
            holder     text        NOT NULL,
            expires_at timestamptz NOT NULL
        );
        CREATE TABLE IF NOT EXISTS cycle_runs (
            job          text        COLLATE "C" NOT NULL,
            occurrence   timestamptz NOT NULL,
            holder       text        NOT NULL,
            completed_at timestamptz NOT NULL,
            summary      text        NOT NULL,
            PRIMARY KEY (job, occurrence)
        );
        CREATE TABLE IF NOT EXISTS cycle_feeds (
            team          text        COLLATE "C" NOT NULL,
            url           text        COLLATE "C" NOT NULL,
            etag          text,
            last_modified text,
            fetched_at    timestamptz,
            status        text        NOT NULL,
            error         text,
            PRIMARY KEY (team, url)
        );
        """;

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
                await using (var check = Command(db, """
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
                await using (var lockCommand = Command(db, "SELECT pg_advisory_xact_lock(hashtextextended('kos.cycle:' || @schema, 0))", ("schema", schema)))
                    await lockCommand.ExecuteNonQueryAsync(token);
                await using (var create = Command(db, Create)) await create.ExecuteNonQueryAsync(token);
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

    /// <inheritdoc/>
    public Task<bool> TryAcquireLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken ct) =>
        // Retrying after a lost answer is safe: a lease that did land is ours, and ours is taken again.
        RunAsync(async (db, token) =>
        {
            await using var command = Command(db, """
                INSERT INTO cycle_leases (name, holder, expires_at) VALUES (@name, @holder, @expires)
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                WHERE cycle_leases.expires_at <= @now OR cycle_leases.holder = excluded.holder
                """, ("name", name), ("holder", holder), ("expires", now + duration), ("now", now));
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, ct);

    /// <inheritdoc/>
    public Task ReleaseLeaseAsync(string name, string holder, CancellationToken ct) =>
        RunAsync(async (db, token) =>
        {
            await using var command = Command(db, "DELETE FROM cycle_leases WHERE name = @name AND holder = @holder", ("name", name), ("holder", holder));
            return await command.ExecuteNonQueryAsync(token);
        }, ct);

    /// <inheritdoc/>
    public Task<DateTimeOffset?> LastRunAsync(string job, CancellationToken ct) =>
        RunAsync(async (db, token) =>
        {
            await using var command = Command(db, "SELECT max(occurrence) FROM cycle_runs WHERE job = @job", ("job", job));
            await using var reader = await command.ExecuteReaderAsync(token);
            await reader.ReadAsync(token);
            return reader.IsDBNull(0) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(0);
        }, ct);

    /// <inheritdoc/>
    public Task<bool> RecordRunAsync(JobRun run, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        return RunAsync(async (db, token) =>
        {
            await using var command = Command(db, """
                INSERT INTO cycle_runs (job, occurrence, holder, completed_at, summary) VALUES (@job, @occurrence, @holder, @completed, @summary)
                ON CONFLICT (job, occurrence) DO NOTHING
                """, ("job", run.Job), ("occurrence", run.Occurrence), ("holder", run.Holder), ("completed", run.CompletedAt), ("summary", run.Summary));
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, ct);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<JobRun>> RunsAsync(string job, CancellationToken ct) =>
        RunAsync<IReadOnlyList<JobRun>>(async (db, token) =>
        {
            await using var command = Command(db, "SELECT occurrence, holder, completed_at, summary FROM cycle_runs WHERE job = @job ORDER BY occurrence", ("job", job));
            await using var reader = await command.ExecuteReaderAsync(token);
            var runs = new List<JobRun>();
            while (await reader.ReadAsync(token))
            {
                runs.Add(new JobRun(job, reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3)));
            }
            return runs;
        }, ct);

    /// <inheritdoc/>
    public Task<FeedState?> GetFeedAsync(string team, string url, CancellationToken ct) =>
        RunAsync(async (db, token) =>
        {
            await using var command = Command(db, "SELECT etag, last_modified, fetched_at, status, error FROM cycle_feeds WHERE team = @team AND url = @url",
                ("team", team), ("url", url));
            await using var reader = await command.ExecuteReaderAsync(token);
            if (!await reader.ReadAsync(token)) return null;
            return new FeedState(team, url, reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
        }, ct);

    /// <inheritdoc/>
    public Task SaveFeedAsync(FeedState state, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(state);
        return RunAsync(async (db, token) =>
        {
            await using var command = Command(db, """
                INSERT INTO cycle_feeds (team, url, etag, last_modified, fetched_at, status, error) VALUES (@team, @url, @etag, @lm, @at, @status, @error)
                ON CONFLICT (team, url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                    fetched_at = excluded.fetched_at, status = excluded.status, error = excluded.error
                """, ("team", state.Team), ("url", state.Url), ("etag", state.ETag), ("lm", state.LastModified), ("at", state.FetchedAt),
                ("status", state.Status), ("error", state.Error));
            return await command.ExecuteNonQueryAsync(token);
        }, ct);
    }

    /// <summary>Closes the pool.</summary>
    public ValueTask DisposeAsync() => _source.DisposeAsync();

    /// <summary>Runs one statement's work on a pooled connection, retried whole after a transient fault.</summary>
    private Task<T> RunAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken ct) =>
        _retry.OnConnectionAsync(_source, _where, _options, work, ct);

    private static NpgsqlCommand Command(NpgsqlConnection db, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, db);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value switch
            {
                // timestamptz takes UTC; a DateTimeOffset with an offset would be refused by Npgsql.
                DateTimeOffset at => new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = at.UtcDateTime },
                null => new NpgsqlParameter(name, DBNull.Value),
                _ => new NpgsqlParameter(name, value),
            });
        }
        return command;
    }
}
