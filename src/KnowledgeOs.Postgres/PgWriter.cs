using System.Threading.Channels;
using KnowledgeOs.Storage;
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
/// </summary>
internal sealed class PgWriter : IAsyncDisposable
{
    private const string StreamVersions = "SELECT stream, version FROM streams WHERE stream = ANY(@streams)";
    private const string FindKey = "SELECT request_hash, last_position, event_count FROM idempotency WHERE team = @team AND key = @key";

    private const string FindKeys = """
        SELECT i.team, i.key, i.request_hash, i.last_position, i.event_count
        FROM idempotency i JOIN unnest(@teams, @keys) AS k(team, key) ON i.team = k.team AND i.key = k.key
        """;

    private const string InsertEvents = """
        INSERT INTO events (position, stream, version, type, data, recorded_at)
        SELECT u.position, @stream, u.version, u.type, u.data::json, @at
        FROM unnest(@positions, @versions, @types, @data) AS u(position, version, type, data)
        """;

    private const string UpsertStream = """
        INSERT INTO streams (stream, team, expert, version, position) VALUES (@stream, @team, @expert, @version, @position)
        ON CONFLICT (stream) DO UPDATE SET version = excluded.version, position = excluded.position
        """;

    private const string SaveKey = """
        INSERT INTO idempotency (team, key, request_hash, last_position, event_count, recorded_at)
        VALUES (@team, @key, @hash, @position, @count, @at)
        """;

    private readonly Channel<Request> _queue = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly NpgsqlDataSource _source;
    private readonly string _where;
    private readonly TimeProvider _time;
    private readonly PostgresStoreOptions _options;
    private readonly ResiliencePipeline _retry;
    private readonly Task _loop;
    private NpgsqlConnection? _db;

    public PgWriter(NpgsqlDataSource source, string where, TimeProvider time, PostgresStoreOptions options)
    {
        _source = source;
        _where = where;
        _time = time;
        _options = options;
        _retry = PgRetry.Create(options);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues a commit; completes once its batch is durable.</summary>
    public Task<AppendResult> AppendAsync(Commit commit, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var request = new AppendRequest(PgPreparedCommit.From(commit, _options.MaxEventsPerCommit), ct);
        if (!_queue.Writer.TryWrite(request)) throw new ObjectDisposedException(nameof(PostgresEventStore));
        return request.Done.Task;
    }

    /// <summary>Runs work alone in its own transaction holding the log head, in queue order with the appends.</summary>
    /// <param name="work">The work; it runs again after a transient fault when <paramref name="retry"/> is set.</param>
    /// <param name="retry">Whether the work may run more than once.</param>
    /// <param name="ct">Cancels the request while it waits in the queue.</param>
    public Task RunExclusiveAsync(Func<NpgsqlConnection, CancellationToken, Task> work, bool retry, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var request = new ExclusiveRequest(work, retry, ct);
        if (!_queue.Writer.TryWrite(request)) throw new ObjectDisposedException(nameof(PostgresEventStore));
        return request.Done.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<AppendRequest>(_options.MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < _options.MaxBatch && _queue.Reader.TryRead(out var request))
            {
                if (request is ExclusiveRequest exclusive)
                {
                    await FlushAsync(batch);
                    await RunExclusiveAsync(exclusive);
                    continue;
                }
                batch.Add((AppendRequest)request);
            }
            await FlushAsync(batch);
        }
    }

    private async Task FlushAsync(List<AppendRequest> batch)
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
                if (outcome.InDoubt && commit.IdempotencyKey is null && await LandedAsync(db, prepared, ct) is { } landed)
                {
                    outcome.Results[i] = landed;
                    continue;
                }
                outcome.Errors[i] = new WrongExpectedVersionException(stale.Stream, stale.ExpectedVersion, versions.GetValueOrDefault(stale.Stream.ToString()));
                continue;
            }
            var result = AddWrites(write, prepared, ref next, recordedAt);
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
                outcome.Errors[i] = PgErrors.IsConflict(ex) ? await ConflictAsync(db, batch[i].Commit.Commit, ex, ct)
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
    private async Task<(AppendResult Result, long Next)> ApplyAsync(NpgsqlConnection db, PgPreparedCommit prepared, long next, DateTimeOffset recordedAt, bool inDoubt, CancellationToken ct)
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
            if (inDoubt && key is null && await LandedAsync(db, prepared, ct) is { } landed)
            {
                await Execute(db, "RELEASE SAVEPOINT c", ct);
                return (landed, next);
            }
            throw new WrongExpectedVersionException(append.Stream, append.ExpectedVersion, actual);
        }
        await using var write = new NpgsqlBatch(db);
        var result = AddWrites(write, prepared, ref next, recordedAt);
        write.BatchCommands.Add(new NpgsqlBatchCommand("RELEASE SAVEPOINT c"));
        await write.ExecuteNonQueryAsync(ct);
        return (result, next);
    }

    /// <summary>Adds the statements that write a checked commit (events, stream, projections, key), handing out its positions.</summary>
    private static AppendResult AddWrites(NpgsqlBatch write, PgPreparedCommit prepared, ref long next, DateTimeOffset recordedAt)
    {
        var commit = prepared.Commit;
        long last = 0;
        var count = 0;
        foreach (var append in prepared.Appends)
        {
            var n = append.Types.Length;
            if (n == 0) continue;
            var expected = append.Append.ExpectedVersion;
            var positions = new long[n];
            var numbers = new long[n];
            for (var j = 0; j < n; j++)
            {
                positions[j] = ++next;
                numbers[j] = expected + j + 1;
            }
            last = next;
            count += n;
            var version = expected + n;
            write.BatchCommands.Add(PgProjectionRows.Command(InsertEvents,
                ("stream", append.Stream), ("at", recordedAt), ("positions", positions), ("versions", numbers), ("types", append.Types), ("data", append.Data)));
            write.BatchCommands.Add(PgProjectionRows.Command(UpsertStream,
                ("stream", append.Stream), ("team", append.Append.Stream.Team), ("expert", append.Append.Stream.Expert), ("version", version), ("position", last)));
            PgProjectionRows.Write(write, append, version);
        }
        if (commit.IdempotencyKey is { } key && count > 0)
        {
            write.BatchCommands.Add(PgProjectionRows.Command(SaveKey,
                ("team", commit.Team), ("key", key), ("hash", commit.RequestHash ?? ""), ("position", last), ("count", count), ("at", recordedAt)));
        }
        return new AppendResult(false, last, count);
    }

    /// <summary>
    /// Whether a keyless commit is already stored: every stream holds exactly its events (same types and payloads,
    /// which carry their own times) at the versions it expected to write. Then the earlier attempt committed.
    /// </summary>
    private static async Task<AppendResult?> LandedAsync(NpgsqlConnection db, PgPreparedCommit prepared, CancellationToken ct)
    {
        long last = 0;
        var count = 0;
        foreach (var append in prepared.Appends)
        {
            var n = append.Types.Length;
            if (n == 0) continue;
            var from = append.Append.ExpectedVersion;
            await using var command = new NpgsqlCommand(
                "SELECT position, type, data::text FROM events WHERE stream = @stream AND version > @from AND version <= @to ORDER BY version", db);
            command.Parameters.AddWithValue("stream", append.Stream);
            command.Parameters.AddWithValue("from", from);
            command.Parameters.AddWithValue("to", from + n);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var j = 0;
            while (await reader.ReadAsync(ct))
            {
                if (reader.GetString(1) != append.Types[j] || reader.GetString(2) != append.Data[j]) return null;
                last = Math.Max(last, reader.GetInt64(0));
                j++;
            }
            if (j != n) return null;
            count += n;
        }
        return count > 0 ? new AppendResult(false, last, count) : null;
    }

    /// <summary>A unique violation turned into the version conflict it stands for.</summary>
    private static async Task<Exception> ConflictAsync(NpgsqlConnection db, Commit commit, Exception ex, CancellationToken ct)
    {
        foreach (var append in commit.Streams)
        {
            await using var command = new NpgsqlCommand("SELECT version FROM streams WHERE stream = @stream", db);
            command.Parameters.AddWithValue("stream", append.Stream.ToString());
            var actual = await command.ExecuteScalarAsync(ct) is long v ? v : 0;
            if (actual != append.ExpectedVersion) return new WrongExpectedVersionException(append.Stream, append.ExpectedVersion, actual);
        }
        return new ConflictException($"Another writer stored the same events or key at once: {ex.Message}", ex);
    }

    private async Task RunExclusiveAsync(ExclusiveRequest request)
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

    /// <summary>Stops taking requests, finishes every queued one, then gives the connection back.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        await DropConnectionAsync();
    }

    private sealed class BatchOutcome(int size)
    {
        public AppendResult?[] Results { get; } = new AppendResult?[size];
        public Exception?[] Errors { get; } = new Exception?[size];
        /// <summary>A COMMIT of an earlier attempt may have landed.</summary>
        public bool InDoubt { get; set; }
        /// <summary>The unique constraint fired or a commit's data was refused once: check commit by commit in savepoints from now on.</summary>
        public bool Careful { get; set; }
    }

    private abstract class Request(CancellationToken token)
    {
        public CancellationToken Token { get; } = token;
    }

    private sealed class AppendRequest(PgPreparedCommit commit, CancellationToken token) : Request(token)
    {
        public PgPreparedCommit Commit { get; } = commit;
        public TaskCompletionSource<AppendResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class ExclusiveRequest(Func<NpgsqlConnection, CancellationToken, Task> work, bool retry, CancellationToken token) : Request(token)
    {
        public Func<NpgsqlConnection, CancellationToken, Task> Work { get; } = work;
        public bool Retry { get; } = retry;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
