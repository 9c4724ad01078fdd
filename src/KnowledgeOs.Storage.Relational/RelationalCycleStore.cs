using System.Data.Common;
using System.Globalization;
using KnowledgeOs.Text;

namespace KnowledgeOs.Storage.Relational;

/// <summary>
/// The learning cycle's leases, runs and feed validators in tables of their own beside the event store's, one SQL
/// text for every database (named <c>@parameters</c>, <c>ON CONFLICT</c> upserts); a database says how it reaches a
/// connection, how it stores a time and which column types its tables use. A lease is taken with one conditional
/// upsert, atomic on both databases (SQLite under its write lock; PostgreSQL locks the conflicting row and re-checks
/// the condition against its latest version), so of two runners in any processes exactly one gets it.
/// </summary>
public abstract class RelationalCycleStore : ICycleStore
{
    /// <summary>The cycle tables; <c>{0}</c> is a key column's text type, <c>{1}</c> the time type.</summary>
    private const string Tables = """
        CREATE TABLE IF NOT EXISTS cycle_leases (
            name       {0} PRIMARY KEY,
            holder     TEXT NOT NULL,
            expires_at {1} NOT NULL
        );
        CREATE TABLE IF NOT EXISTS cycle_runs (
            job          {0} NOT NULL,
            occurrence   {1} NOT NULL,
            holder       TEXT NOT NULL,
            completed_at {1} NOT NULL,
            summary      TEXT NOT NULL,
            PRIMARY KEY (job, occurrence)
        );
        CREATE TABLE IF NOT EXISTS cycle_feeds (
            team          {0} NOT NULL,
            url           {0} NOT NULL,
            etag          TEXT,
            last_modified TEXT,
            fetched_at    {1},
            status        TEXT NOT NULL,
            error         TEXT,
            PRIMARY KEY (team, url)
        );
        """;

    /// <summary>The statements creating the cycle tables when missing, in a database's column types.</summary>
    /// <param name="keyType">The type of a key column (its collation decides the primary key's order).</param>
    /// <param name="timeType">The type of a time column, matching <see cref="Time"/>.</param>
    protected static string CreateTables(string keyType, string timeType) =>
        string.Format(CultureInfo.InvariantCulture, Tables, keyType, timeType);

    /// <summary>Runs one statement's work on a connection of the database, the database's errors mapped to <see cref="StorageException"/>.</summary>
    protected abstract Task<T> RunAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken ct);

    /// <summary>A time as a parameter value of the database's time column.</summary>
    protected abstract object Time(DateTimeOffset at);

    /// <summary>A time column read back.</summary>
    protected abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <inheritdoc/>
    public abstract ValueTask DisposeAsync();

    /// <inheritdoc/>
    public Task<bool> TryAcquireLeaseAsync(string name, string holder, DateTimeOffset now, TimeSpan duration, CancellationToken ct) =>
        // Retrying after a lost answer is safe: a lease that did land is ours, and ours is taken again.
        RunAsync(async (db, token) =>
        {
            await using var command = DbCommands.Create(db, """
                INSERT INTO cycle_leases (name, holder, expires_at) VALUES (@name, @holder, @expires)
                ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                WHERE cycle_leases.expires_at <= @now OR cycle_leases.holder = excluded.holder
                """, ("name", name), ("holder", holder), ("expires", Time(now + duration)), ("now", Time(now)));
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, ct);

    /// <inheritdoc/>
    public Task ReleaseLeaseAsync(string name, string holder, CancellationToken ct) =>
        RunAsync(async (db, token) =>
        {
            await using var command = DbCommands.Create(db, "DELETE FROM cycle_leases WHERE name = @name AND holder = @holder", ("name", name), ("holder", holder));
            return await command.ExecuteNonQueryAsync(token);
        }, ct);

    /// <inheritdoc/>
    public Task<DateTimeOffset?> LastRunAsync(string job, CancellationToken ct) =>
        RunAsync(async (db, token) =>
        {
            await using var command = DbCommands.Create(db, "SELECT max(occurrence) FROM cycle_runs WHERE job = @job", ("job", job));
            await using var reader = await command.ExecuteReaderAsync(token);
            await reader.ReadAsync(token);
            return reader.IsDBNull(0) ? (DateTimeOffset?)null : ReadTime(reader, 0);
        }, ct);

    /// <inheritdoc/>
    public Task<bool> RecordRunAsync(JobRun run, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(run);
        return RunAsync(async (db, token) =>
        {
            await using var command = DbCommands.Create(db, """
                INSERT INTO cycle_runs (job, occurrence, holder, completed_at, summary) VALUES (@job, @occurrence, @holder, @completed, @summary)
                ON CONFLICT (job, occurrence) DO NOTHING
                """, ("job", run.Job), ("occurrence", Time(run.Occurrence)), ("holder", run.Holder), ("completed", Time(run.CompletedAt)), ("summary", run.Summary));
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, ct);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<JobRun>> RunsAsync(string job, CancellationToken ct) =>
        RunAsync<IReadOnlyList<JobRun>>(async (db, token) =>
        {
            await using var command = DbCommands.Create(db, "SELECT occurrence, holder, completed_at, summary FROM cycle_runs WHERE job = @job ORDER BY occurrence", ("job", job));
            await using var reader = await command.ExecuteReaderAsync(token);
            var runs = new List<JobRun>();
            while (await reader.ReadAsync(token))
                runs.Add(new JobRun(job, ReadTime(reader, 0), reader.GetString(1), ReadTime(reader, 2), reader.GetString(3)));
            return runs;
        }, ct);

    /// <inheritdoc/>
    public Task<FeedState?> GetFeedAsync(string team, string url, CancellationToken ct) =>
        RunAsync(async (db, token) =>
        {
            await using var command = DbCommands.Create(db, "SELECT etag, last_modified, fetched_at, status, error FROM cycle_feeds WHERE team = @team AND url = @url",
                ("team", team), ("url", url));
            await using var reader = await command.ExecuteReaderAsync(token);
            if (!await reader.ReadAsync(token)) return null;
            return new FeedState(team, url, reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : ReadTime(reader, 2), ReadFeedStatus(reader.GetString(3), team, url), reader.IsDBNull(4) ? null : reader.GetString(4));
        }, ct);

    private static FeedStatus ReadFeedStatus(string stored, string team, string url) => FeedStatuses.Parse(stored)
        ?? throw new StorageException($"cycle_feeds.status of {team} {url}: unknown feed status '{stored}' (expected ok, not_modified or failed).");

    /// <inheritdoc/>
    public Task SaveFeedAsync(FeedState state, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(state);
        return RunAsync(async (db, token) =>
        {
            await using var command = DbCommands.Create(db, """
                INSERT INTO cycle_feeds (team, url, etag, last_modified, fetched_at, status, error) VALUES (@team, @url, @etag, @lm, @at, @status, @error)
                ON CONFLICT (team, url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                    fetched_at = excluded.fetched_at, status = excluded.status, error = excluded.error
                """, ("team", state.Team), ("url", state.Url), ("etag", state.ETag), ("lm", state.LastModified),
                ("at", state.FetchedAt is { } at ? Time(at) : null), ("status", state.Status.Code()), ("error", state.Error));
            return await command.ExecuteNonQueryAsync(token);
        }, ct);
    }
}
