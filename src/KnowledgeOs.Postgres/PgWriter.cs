using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;
using Npgsql;
using Polly;

namespace KnowledgeOs.Postgres;

/// <summary>
/// The single writer of a store instance: callers queue commits (already serialized), one loop drains whatever is
/// queued into one transaction (one WAL flush for the batch) that holds the log head, checks each commit on its own
/// (key, then expected versions, in order), writes the accepted ones, commits once, then completes every caller. A
/// failed check faults only its caller. When the database refuses one commit's data (a NUL in text, a constraint) or
/// its unique constraint fires, the batch runs again commit by commit, each in its own savepoint, so that commit alone
/// fails and the rest commit, as in the SQLite writer. A transient fault reruns the whole batch transaction (bounded,
/// with backoff); when the outcome of a COMMIT is unknown the rerun finds its own keys (a duplicate) or its own events.
/// The queue and the loop are <see cref="GroupCommitLoop{TConnection}"/>'s; this is PostgreSQL's transaction.
/// </summary>
internal sealed class PgWriter : GroupCommitLoop<NpgsqlConnection>
{
    private const string StreamVersions = "SELECT stream, version FROM streams WHERE stream = ANY(@streams)";
    private const string FindKey = "SELECT request_hash, last_position, event_count FROM idempotency WHERE team = @team AND key = @key";

    private const string FindKeys = """
        SELECT i.team, i.key, i.request_hash, i.last_position, i.event_count
        FROM idempotency i JOIN unnest(@teams, @keys) AS k(team, key) ON i.team = k.team AND i.key = k.key
        """;

    private readonly NpgsqlDataSource _source;
    private readonly string _where;
    private readonly TimeProvider _time;
    private readonly PostgresStoreOptions _options;
    private readonly ResiliencePipeline _retry;
    private NpgsqlConnection? _db;

    public PgWriter(NpgsqlDataSource source, string where, TimeProvider time, PostgresStoreOptions options)
        : base(options.MaxBatch, options.MaxEventsPerCommit, nameof(PostgresEventStore))
    {
        _source = source;
        _where = where;
        _time = time;
        _options = options;
        _retry = PgRetry.Create(options);
        Start();
    }

    /// <inheritdoc/>
    protected override Exception Unexpected(Exception ex) => PgRetry.GaveUp(_where, _options, ex);

    /// <inheritdoc/>
    protected override async Task AbandonAsync() => await DropConnectionAsync();

    /// <inheritdoc/>
    protected override async Task FlushAsync(List<AppendRequest> batch)
    {
        batch.RemoveAll(r => r.Token.IsCancellationRequested && r.Done.TrySetCanceled(r.Token));
        if (batch.Count == 0) return;
        var outcome = new BatchOutcome(batch.Count);
        try
        {
            // Once a batch is in a transaction its requests are no longer cancelled: a commit may be in doubt.
            await _retry.ExecuteAsync(async ct => await TryBatchAsync(batch, outcome, ct), CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The batch is not known to be durable: every caller learns it, none is told it succeeded.
            var error = PgRetry.GaveUp(_where, _options, ex, outcome.InDoubt);
            foreach (var r in batch) r.Done.TrySetException(error);
            batch.Clear();
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcome.Errors[i] is { } error) batch[i].Done.TrySetException(error);
            else batch[i].Done.TrySetResult(outcome.Results[i]!);
        }
        batch.Clear();
    }

    private async Task TryBatchAsync(List<AppendRequest> batch, BatchOutcome outcome, CancellationToken ct)
    {
        Array.Clear(outcome.Results);
        Array.Clear(outcome.Errors);
        var db = await ConnectionAsync(ct);
        try
        {
            if (outcome.Careful)
            {
                await CarefulBatchAsync(db, batch, outcome, ct);
                return;
            }
            try
            {
                await FastBatchAsync(db, batch, outcome, ct);
            }
            catch (PostgresException ex) when (PgErrors.IsConflict(ex) || PgErrors.IsDataError(ex))
            {
                // The last defence fired (a row the checks under the lock did not expect: a writer that bypasses the
                // log head), or one commit's data was refused (a NUL in text, a constraint), and the whole transaction
                // is aborted. Nothing was committed; run the batch again commit by commit, each in its own savepoint,
                // so only the commit at fault fails.
                await Execute(db, "ROLLBACK", ct);
                outcome.Careful = true;
                Array.Clear(outcome.Results);
                Array.Clear(outcome.Errors);
                await CarefulBatchAsync(db, batch, outcome, ct);
            }
        }
        catch
        {
            await DropConnectionAsync();
            throw;
        }
    }

    /// <summary>
    /// Two round trips for the whole batch. First: begin, lock the log head, read every key and stream version the
    /// batch names. Every appending transaction of every instance takes that lock first, so nothing moves until this
    /// one ends: each commit is then checked in order in memory (its key, then its expected versions, seeing the
    /// commits before it in the batch), exactly as it would be alone. Second: every accepted commit's writes, the
    /// new head, and COMMIT.
    /// </summary>
    private async Task FastBatchAsync(NpgsqlConnection db, List<AppendRequest> batch, BatchOutcome outcome, CancellationToken ct)
    {
        var keyTeams = new List<string>();
        var keyNames = new List<string>();
        var streamNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var request in batch)
        {
            var commit = request.Commit.Commit;
            if (commit.IdempotencyKey is { } key)
            {
                keyTeams.Add(commit.Team);
                keyNames.Add(key);
            }
            foreach (var append in request.Commit.Appends) streamNames.Add(append.Stream);
        }
        long head;
        var keys = new Dictionary<(string Team, string Key), (string Hash, AppendResult Result)>();
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var read = new NpgsqlBatch(db))
        {
            read.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
            read.BatchCommands.Add(new NpgsqlBatchCommand("SELECT position FROM log_head FOR UPDATE"));
            read.BatchCommands.Add(PgProjectionRows.Command(FindKeys, ("teams", keyTeams.ToArray()), ("keys", keyNames.ToArray())));
            read.BatchCommands.Add(PgProjectionRows.Command(StreamVersions, ("streams", streamNames.ToArray())));
            await using var reader = await read.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            head = reader.GetInt64(0);
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct))
                keys[(reader.GetString(0), reader.GetString(1))] = (reader.GetString(2), new AppendResult(true, reader.GetInt64(3), reader.GetInt32(4)));
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct)) versions[reader.GetString(0)] = reader.GetInt64(1);
        }
        var next = head;
        var recordedAt = CommitRules.RecordedAt(_time.GetUtcNow());
        await using var write = new NpgsqlBatch(db);
        for (var i = 0; i < batch.Count; i++)
        {
            var prepared = batch[i].Commit;
            var commit = prepared.Commit;
            var hash = commit.RequestHash ?? "";
            if (commit.IdempotencyKey is { } key && keys.TryGetValue((commit.Team, key), out var seen))
            {
                outcome.Results[i] = seen.Hash == hash ? seen.Result : null;
                outcome.Errors[i] = seen.Hash == hash ? null
                    : new ConflictException($"Idempotency key '{key}' of team '{commit.Team}' was already used for a different request; nothing was written.");
                continue;
            }
            var stale = commit.Streams.FirstOrDefault(a => versions.GetValueOrDefault(a.Stream.ToString()) != a.ExpectedVersion);
            if (stale is not null)
            {
                // After a COMMIT whose outcome was unknown, a keyless commit finds out whether it already landed.
                if (outcome.InDoubt && commit.IdempotencyKey is null && await PgInDoubt.LandedAsync(db, prepared, ct) is { } landed)
                {
                    outcome.Results[i] = landed;
                    continue;
                }
                outcome.Errors[i] = new WrongExpectedVersionException(stale.Stream, stale.ExpectedVersion, versions.GetValueOrDefault(stale.Stream.ToString()));
                continue;
            }
            var result = PgCommitRows.Add(write, prepared, ref next, recordedAt);
            outcome.Results[i] = result;
            foreach (var append in commit.Streams) versions[append.Stream.ToString()] = append.ExpectedVersion + append.Events.Count;
            if (commit.IdempotencyKey is { } used && result.EventCount > 0) keys[(commit.Team, used)] = (hash, result with { Duplicate = true });
        }
        if (next != head)
        {
            write.BatchCommands.Add(PgProjectionRows.Command("UPDATE log_head SET position = @position", ("position", next)));
            write.BatchCommands.Add(PgProjectionRows.Command(PgNotifications.Notify, ("position", next)));
        }
        await StageAsync(WriterStage.BeforeCommit, db, ct);
        write.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        try
        {
            await write.ExecuteNonQueryAsync(ct);
            await StageAsync(WriterStage.AfterCommit, db, ct);
        }
        catch (Exception ex) when (PgErrors.OutcomeUnknown(ex))
        {
            outcome.InDoubt = true;
            throw;
        }
    }

    /// <summary>
    /// The batch commit by commit, each in its own savepoint with its own reads: slower, used only after the unique
    /// constraint caught what the fast path's checks did not, or the database refused one commit's data.
    /// </summary>
    private async Task CarefulBatchAsync(NpgsqlConnection db, List<AppendRequest> batch, BatchOutcome outcome, CancellationToken ct)
    {
        await using var tx = await db.BeginTransactionAsync(ct);
        var head = await LockHeadAsync(db, ct);
        var next = head;
        var recordedAt = CommitRules.RecordedAt(_time.GetUtcNow());
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                (outcome.Results[i], next) = await ApplyAsync(db, batch[i].Commit, next, recordedAt, outcome.InDoubt, ct);
            }
            catch (Exception ex) when (ex is WrongExpectedVersionException or ConflictException or ArgumentException
                || PgErrors.IsConflict(ex) || PgErrors.IsDataError(ex))
            {
                await Execute(db, "ROLLBACK TO SAVEPOINT c; RELEASE SAVEPOINT c", ct);
                outcome.Errors[i] = PgErrors.IsConflict(ex) ? await PgInDoubt.ConflictAsync(db, batch[i].Commit.Commit, ex, ct)
                    : PgErrors.IsDataError(ex) ? PgErrors.Refused(ex)
                    : ex;
            }
        }
        if (next != head)
        {
            await Execute(db, "UPDATE log_head SET position = @position", ct, ("position", next));
            await Execute(db, PgNotifications.Notify, ct, ("position", next));
        }
        await StageAsync(WriterStage.BeforeCommit, db, ct);
        try
        {
            await tx.CommitAsync(ct);
            await StageAsync(WriterStage.AfterCommit, db, ct);
        }
        catch (Exception ex) when (PgErrors.OutcomeUnknown(ex))
        {
            outcome.InDoubt = true;
            throw;
        }
    }

    /// <summary>Applies one commit inside its own savepoint (released on success, left for the caller to roll back on failure).</summary>
    private async Task<(AppendResult Result, long Next)> ApplyAsync(NpgsqlConnection db, PreparedCommit prepared, long next, DateTimeOffset recordedAt, bool inDoubt, CancellationToken ct)
    {
        var commit = prepared.Commit;
        var key = commit.IdempotencyKey;
        var hash = key is null ? null : commit.RequestHash ?? "";
        var streams = commit.Streams.Select(a => a.Stream.ToString()).ToArray();
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var read = new NpgsqlBatch(db))
        {
            read.BatchCommands.Add(new NpgsqlBatchCommand("SAVEPOINT c"));
            if (key is not null) read.BatchCommands.Add(PgProjectionRows.Command(FindKey, ("team", commit.Team), ("key", key)));
            read.BatchCommands.Add(PgProjectionRows.Command(StreamVersions, ("streams", streams)));
            await using var reader = await read.ExecuteReaderAsync(ct);
            if (key is not null)
            {
                if (await reader.ReadAsync(ct))
                {
                    if (reader.GetString(0) != hash)
                        throw new ConflictException($"Idempotency key '{key}' of team '{commit.Team}' was already used for a different request; nothing was written.");
                    var duplicate = new AppendResult(true, reader.GetInt64(1), reader.GetInt32(2));
                    await reader.DisposeAsync();
                    await Execute(db, "RELEASE SAVEPOINT c", ct);
                    return (duplicate, next);
                }
                await reader.NextResultAsync(ct);
            }
            while (await reader.ReadAsync(ct)) versions[reader.GetString(0)] = reader.GetInt64(1);
        }
        foreach (var append in commit.Streams)
        {
            var actual = versions.GetValueOrDefault(append.Stream.ToString());
            if (actual == append.ExpectedVersion) continue;
            // After a COMMIT whose outcome was unknown, a keyless commit finds out whether it already landed.
            if (inDoubt && key is null && await PgInDoubt.LandedAsync(db, prepared, ct) is { } landed)
            {
                await Execute(db, "RELEASE SAVEPOINT c", ct);
                return (landed, next);
            }
            throw new WrongExpectedVersionException(append.Stream, append.ExpectedVersion, actual);
        }
        await using var write = new NpgsqlBatch(db);
        var result = PgCommitRows.Add(write, prepared, ref next, recordedAt);
        write.BatchCommands.Add(new NpgsqlBatchCommand("RELEASE SAVEPOINT c"));
        await write.ExecuteNonQueryAsync(ct);
        return (result, next);
    }

    /// <inheritdoc/>
    protected override async Task RunAloneAsync(ExclusiveRequest request)
    {
        if (request.Token.IsCancellationRequested && request.Done.TrySetCanceled(request.Token)) return;
        try
        {
            await (request.Retry ? _retry : ResiliencePipeline.Empty).ExecuteAsync(async ct =>
            {
                var db = await ConnectionAsync(ct);
                try
                {
                    await using var tx = await db.BeginTransactionAsync(ct);
                    await LockHeadAsync(db, ct);
                    await request.Work(db, ct);
                    await tx.CommitAsync(ct);
                }
                catch
                {
                    await DropConnectionAsync();
                    throw;
                }
            }, request.Token);
            request.Done.TrySetResult();
        }
        catch (Exception ex) when (ex is WrongExpectedVersionException or ConflictException or ArgumentException or StorageException or OperationCanceledException)
        {
            if (ex is OperationCanceledException && request.Token.IsCancellationRequested) request.Done.TrySetCanceled(request.Token);
            else request.Done.TrySetException(ex);
        }
        catch (Exception ex)
        {
            request.Done.TrySetException(PgRetry.GaveUp(_where, _options, ex));
        }
    }

    /// <summary>Locks the log head for this transaction: appends of every server commit one after another, in position order.</summary>
    internal static async Task<long> LockHeadAsync(NpgsqlConnection db, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT position FROM log_head FOR UPDATE", db);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    private async ValueTask StageAsync(WriterStage stage, NpgsqlConnection db, CancellationToken ct)
    {
        if (_options.OnStage is { } hook) await hook(stage, db, ct);
    }

    private async Task<NpgsqlConnection> ConnectionAsync(CancellationToken ct)
    {
        if (_db is { State: System.Data.ConnectionState.Open } open) return open;
        await DropConnectionAsync();
        _db = await _source.OpenConnectionAsync(ct);
        return _db;
    }

    private async Task DropConnectionAsync()
    {
        if (_db is null) return;
        var db = _db;
        _db = null;
        try
        {
            // A connection left inside a failed transaction must not go back to the pool as it is.
            if (db.State == System.Data.ConnectionState.Open) await Execute(db, "ROLLBACK", CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException)
        {
            // Broken already; disposing it below lets the pool discard it.
        }
        try
        {
            await db.DisposeAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException)
        {
            // The connection is already broken; the pool discards it.
        }
    }

    private static async Task Execute(NpgsqlConnection db, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, db);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <inheritdoc/>
    protected override async ValueTask CloseAsync() => await DropConnectionAsync();

    private sealed class BatchOutcome(int size)
    {
        public AppendResult?[] Results { get; } = new AppendResult?[size];
        public Exception?[] Errors { get; } = new Exception?[size];
        /// <summary>A COMMIT of an earlier attempt may have landed.</summary>
        public bool InDoubt { get; set; }
        /// <summary>The unique constraint fired or a commit's data was refused once: check commit by commit in savepoints from now on.</summary>
        public bool Careful { get; set; }
    }
}
