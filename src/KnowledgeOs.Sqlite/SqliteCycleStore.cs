using System.Globalization;
using KnowledgeOs.Storage;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// The learning cycle's leases, runs and feed validators, in tables of their own in the event store's SQLite file
/// (created if missing, never touching the event tables). A lease is taken with one conditional upsert, which
/// SQLite makes atomic across processes: of two runners, exactly one gets it.
/// </summary>
public sealed class SqliteCycleStore : ICycleStore
{
    private const string Create = """
        CREATE TABLE IF NOT EXISTS cycle_leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS cycle_runs (job TEXT NOT NULL, occurrence INTEGER NOT NULL, holder TEXT NOT NULL,
            completed_at INTEGER NOT NULL, summary TEXT NOT NULL, PRIMARY KEY (job, occurrence));
        CREATE TABLE IF NOT EXISTS cycle_feeds (team TEXT NOT NULL, url TEXT NOT NULL, etag TEXT, last_modified TEXT,
            fetched_at INTEGER, status TEXT NOT NULL, error TEXT, PRIMARY KEY (team, url));
        """;

    private readonly string _connection;

    private SqliteCycleStore(string connection) => _connection = connection;

    /// <summary>Opens the cycle tables in an existing KnowledgeOS database (open the event store on it first).</summary>
    /// <exception cref="StorageException">The file is missing or not a KnowledgeOS database.</exception>
    public static async Task<SqliteCycleStore> OpenAsync(string path, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new StorageException($"{full} does not exist; open the event store on it first.");
        var connection = new SqliteConnectionStringBuilder
        {
            DataSource = full, Mode = SqliteOpenMode.ReadWrite, Pooling = true, DefaultTimeout = 30,
        }.ConnectionString;
        var store = new SqliteCycleStore(connection);
        await using var db = await store.OpenConnectionAsync(ct);
        await using (var check = db.CreateCommand())
        {
            check.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
            if (Convert.ToInt64(await check.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) == 0)
                throw new StorageException($"{full} is not a KnowledgeOS database (no schema_migrations table).");
        }
        await using var create = db.CreateCommand();
        create.CommandText = Create;
        await create.ExecuteNonQueryAsync(ct);
        return store;
    }

    /// <inheritdoc/>
    public async Task<bool> TryAcquireLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken ct)
    {
        await using var db = await OpenConnectionAsync(ct);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = """
            INSERT INTO cycle_leases (name, holder, expires_at) VALUES ($name, $holder, $expires)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE cycle_leases.expires_at <= $now OR cycle_leases.holder = excluded.holder
            """;
        cmd.Parameters.AddWithValue("$name", name);
        cmd.Parameters.AddWithValue("$holder", holder);
        cmd.Parameters.AddWithValue("$expires", (now + duration).ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <inheritdoc/>
    public async Task ReleaseLeaseAsync(string name, string holder, CancellationToken ct)
    {
        await using var db = await OpenConnectionAsync(ct);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "DELETE FROM cycle_leases WHERE name = $name AND holder = $holder";
        cmd.Parameters.AddWithValue("$name", name);
        cmd.Parameters.AddWithValue("$holder", holder);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <inheritdoc/>
    public async Task<DateTimeOffset?> LastRunAsync(string job, CancellationToken ct)
    {
        await using var db = await OpenConnectionAsync(ct);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT max(occurrence) FROM cycle_runs WHERE job = $job";
        cmd.Parameters.AddWithValue("$job", job);
        return await cmd.ExecuteScalarAsync(ct) is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <inheritdoc/>
    public async Task<bool> RecordRunAsync(JobRun run, CancellationToken ct)
    {
        await using var db = await OpenConnectionAsync(ct);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = """
            INSERT INTO cycle_runs (job, occurrence, holder, completed_at, summary) VALUES ($job, $occurrence, $holder, $completed, $summary)
            ON CONFLICT (job, occurrence) DO NOTHING
            """;
        cmd.Parameters.AddWithValue("$job", run.Job);
        cmd.Parameters.AddWithValue("$occurrence", run.Occurrence.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$holder", run.Holder);
        cmd.Parameters.AddWithValue("$completed", run.CompletedAt.ToUnixTimeMilliseconds());
        cmd.Parameters.AddWithValue("$summary", run.Summary);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<JobRun>> RunsAsync(string job, CancellationToken ct)
    {
        await using var db = await OpenConnectionAsync(ct);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT occurrence, holder, completed_at, summary FROM cycle_runs WHERE job = $job ORDER BY occurrence";
        cmd.Parameters.AddWithValue("$job", job);
        var runs = new List<JobRun>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            runs.Add(new JobRun(job, DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), r.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)), r.GetString(3)));
        return runs;
    }

    /// <inheritdoc/>
    public async Task<FeedState?> GetFeedAsync(string team, string url, CancellationToken ct)
    {
        await using var db = await OpenConnectionAsync(ct);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT etag, last_modified, fetched_at, status, error FROM cycle_feeds WHERE team = $team AND url = $url";
        cmd.Parameters.AddWithValue("$team", team);
        cmd.Parameters.AddWithValue("$url", url);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new FeedState(team, url, r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1),
            r.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4));
    }

    /// <inheritdoc/>
    public async Task SaveFeedAsync(FeedState state, CancellationToken ct)
    {
        await using var db = await OpenConnectionAsync(ct);
        await using var cmd = db.CreateCommand();
        cmd.CommandText = """
            INSERT INTO cycle_feeds (team, url, etag, last_modified, fetched_at, status, error) VALUES ($team, $url, $etag, $lm, $at, $status, $error)
            ON CONFLICT (team, url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                fetched_at = excluded.fetched_at, status = excluded.status, error = excluded.error
            """;
        cmd.Parameters.AddWithValue("$team", state.Team);
        cmd.Parameters.AddWithValue("$url", state.Url);
        cmd.Parameters.AddWithValue("$etag", (object?)state.ETag ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$lm", (object?)state.LastModified ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$at", state.FetchedAt is { } at ? at.ToUnixTimeMilliseconds() : DBNull.Value);
        cmd.Parameters.AddWithValue("$status", state.Status);
        cmd.Parameters.AddWithValue("$error", (object?)state.Error ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearPool(new SqliteConnection(_connection));
        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken ct)
    {
        var db = new SqliteConnection(_connection);
        try
        {
            await db.OpenAsync(ct);
            await using var pragma = db.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout = 30000";
            await pragma.ExecuteNonQueryAsync(ct);
            return db;
        }
        catch (SqliteException ex)
        {
            await db.DisposeAsync();
            throw new StorageException($"cannot use the cycle tables: {ex.Message}", ex);
        }
    }
}
