using System.Threading.Channels;
using KnowledgeOs.Events;
using KnowledgeOs.Storage;
using Npgsql;
using Polly;

namespace KnowledgeOs.Postgres;

/// <summary>
/// The single writer of a store instance: callers queue commits, one loop drains whatever is queued into one
/// transaction (one WAL flush for the batch), applies each commit in its own savepoint with its own idempotency and
/// version checks, commits once, then completes every caller. A failed check rolls back only that commit's
/// savepoint and faults only its caller. A transient fault reruns the whole batch transaction (bounded, with
/// backoff); when the outcome of a COMMIT is unknown the rerun finds its own keys (a duplicate) or its own events.
/// </summary>
internal sealed class PgWriter : IAsyncDisposable
{
    private const string StreamVersions = "SELECT stream, version FROM streams WHERE stream = ANY(@streams)";
    private const string FindKey = "SELECT request_hash, last_position, event_count FROM idempotency WHERE team = @team AND key = @key";

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
        CommitRules.Validate(commit);
        var request = new AppendRequest(commit, ct);
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
                catch (Exception ex) when (ex is WrongExpectedVersionException or ConflictException or ArgumentException || PgErrors.IsConflict(ex))
                {
                    await Execute(db, "ROLLBACK TO SAVEPOINT c; RELEASE SAVEPOINT c", ct);
                    outcome.Errors[i] = PgErrors.IsConflict(ex) ? await ConflictAsync(db, batch[i].Commit, ex, ct) : ex;
                }
            }
            if (next != head) await Execute(db, "UPDATE log_head SET position = @position", ct, ("position", next));
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
        catch
        {
            await DropConnectionAsync();
            throw;
        }
    }

    /// <summary>Applies one commit inside its own savepoint (released on success, left for the caller to roll back on failure).</summary>
    private async Task<(AppendResult Result, long Next)> ApplyAsync(NpgsqlConnection db, Commit commit, long next, DateTimeOffset recordedAt, bool inDoubt, CancellationToken ct)
    {
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
            if (inDoubt && key is null && await LandedAsync(db, commit, ct) is { } landed)
            {
                await Execute(db, "RELEASE SAVEPOINT c", ct);
                return (landed, next);
            }
            throw new WrongExpectedVersionException(append.Stream, append.ExpectedVersion, actual);
        }
        long last = 0;
        var count = 0;
        await using (var write = new NpgsqlBatch(db))
        {
            foreach (var append in commit.Streams)
            {
                if (append.Events.Count == 0) continue;
                var n = append.Events.Count;
                var positions = new long[n];
                var numbers = new long[n];
                var types = new string[n];
                var data = new string[n];
                for (var j = 0; j < n; j++)
                {
                    positions[j] = ++next;
                    numbers[j] = append.ExpectedVersion + j + 1;
                    types[j] = EventTypes.NameOf(append.Events[j]);
                    data[j] = EventTypes.Serialize(append.Events[j]);
                }
                last = next;
                count += n;
                var stream = append.Stream.ToString();
                var version = append.ExpectedVersion + n;
                write.BatchCommands.Add(PgProjectionRows.Command(InsertEvents,
                    ("stream", stream), ("at", recordedAt), ("positions", positions), ("versions", numbers), ("types", types), ("data", data)));
                write.BatchCommands.Add(PgProjectionRows.Command(UpsertStream,
                    ("stream", stream), ("team", append.Stream.Team), ("expert", append.Stream.Expert), ("version", version), ("position", last)));
                PgProjectionRows.Write(write, append.Stream, append.NewState, version, append.Events);
            }
            if (hash is not null && count > 0)
            {
                write.BatchCommands.Add(PgProjectionRows.Command(SaveKey,
                    ("team", commit.Team), ("key", key), ("hash", hash), ("position", last), ("count", count), ("at", recordedAt)));
            }
            write.BatchCommands.Add(new NpgsqlBatchCommand("RELEASE SAVEPOINT c"));
            await write.ExecuteNonQueryAsync(ct);
        }
        return (new AppendResult(false, last, count), next);
    }

    /// <summary>
    /// Whether a keyless commit is already stored: every stream holds exactly its events (same types and payloads,
    /// which carry their own times) at the versions it expected to write. Then the earlier attempt committed.
    /// </summary>
    private static async Task<AppendResult?> LandedAsync(NpgsqlConnection db, Commit commit, CancellationToken ct)
    {
        long last = 0;
        var count = 0;
        foreach (var append in commit.Streams)
        {
            if (append.Events.Count == 0) continue;
            await using var command = new NpgsqlCommand(
                "SELECT position, type, data::text FROM events WHERE stream = @stream AND version > @from AND version <= @to ORDER BY version", db);
            command.Parameters.AddWithValue("stream", append.Stream.ToString());
            command.Parameters.AddWithValue("from", append.ExpectedVersion);
            command.Parameters.AddWithValue("to", append.ExpectedVersion + append.Events.Count);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var j = 0;
            while (await reader.ReadAsync(ct))
            {
                var e = append.Events[j++];
                if (reader.GetString(1) != EventTypes.NameOf(e) || reader.GetString(2) != EventTypes.Serialize(e)) return null;
                last = Math.Max(last, reader.GetInt64(0));
            }
            if (j != append.Events.Count) return null;
            count += j;
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
    }

    private abstract class Request(CancellationToken token)
    {
        public CancellationToken Token { get; } = token;
    }

    private sealed class AppendRequest(Commit commit, CancellationToken token) : Request(token)
    {
        public Commit Commit { get; } = commit;
        public TaskCompletionSource<AppendResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class ExclusiveRequest(Func<NpgsqlConnection, CancellationToken, Task> work, bool retry, CancellationToken token) : Request(token)
    {
        public Func<NpgsqlConnection, CancellationToken, Task> Work { get; } = work;
        public bool Retry { get; } = retry;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
