using System.Diagnostics;
using System.Threading.Channels;
using KnowledgeOs.Events;
using KnowledgeOs.Storage;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// The single writer of a store: callers queue commits, one loop drains whatever is queued into one
/// <c>BEGIN IMMEDIATE</c> transaction (one fsync for the batch), applies each commit in its own savepoint
/// with its own idempotency and version checks, commits once, then completes every caller.
/// A failed check rolls back only that commit's savepoint and faults only its caller.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly Channel<Request> _queue = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _db;
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly SqliteStoreOptions _options;
    private readonly ProjectionRows _projections;
    private readonly SqliteCommand _findKey;
    private readonly SqliteCommand _saveKey;
    private readonly SqliteCommand _streamVersion;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _upsertStream;
    private readonly Task _loop;

    public GroupCommitWriter(SqliteConnection db, string path, TimeProvider time, SqliteStoreOptions options)
    {
        _db = db;
        _path = path;
        _time = time;
        _options = options;
        _projections = new ProjectionRows(db);
        _findKey = ProjectionRows.Command(db, "SELECT request_hash, last_position, event_count FROM idempotency WHERE team = $team AND key = $key", "$team", "$key");
        _saveKey = ProjectionRows.Command(db, """
            INSERT INTO idempotency (team, key, request_hash, last_position, event_count, recorded_at)
            VALUES ($team, $key, $hash, $position, $count, $at)
            """, "$team", "$key", "$hash", "$position", "$count", "$at");
        _streamVersion = ProjectionRows.Command(db, "SELECT version FROM streams WHERE stream = $stream", "$stream");
        _insertEvent = ProjectionRows.Command(db, """
            INSERT INTO events (stream, version, type, data, recorded_at) VALUES ($stream, $version, $type, $data, $at)
            RETURNING position
            """, "$stream", "$version", "$type", "$data", "$at");
        _upsertStream = ProjectionRows.Command(db, """
            INSERT INTO streams (stream, team, expert, version, position) VALUES ($stream, $team, $expert, $version, $position)
            ON CONFLICT (stream) DO UPDATE SET version = excluded.version, position = excluded.position
            """, "$stream", "$team", "$expert", "$version", "$position");
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues a commit; completes once its batch is durable on disk.</summary>
    public Task<AppendResult> AppendAsync(Commit commit, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        Validate(commit);
        var request = new AppendRequest(commit, ct);
        if (!_queue.Writer.TryWrite(request)) throw new ObjectDisposedException(nameof(SqliteEventStore));
        return request.Done.Task;
    }

    /// <summary>Runs work alone in its own write transaction, in queue order with the appends.</summary>
    public Task RunExclusiveAsync(Action<SqliteConnection> work, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var request = new ExclusiveRequest(work, ct);
        if (!_queue.Writer.TryWrite(request)) throw new ObjectDisposedException(nameof(SqliteEventStore));
        return request.Done.Task;
    }

    /// <summary>Begins a write transaction, waiting for other processes with backoff up to the busy timeout.</summary>
    public static void BeginImmediate(SqliteConnection db, string path, TimeSpan busyTimeout)
    {
        var started = Stopwatch.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(2);
        while (true)
        {
            try
            {
                using var begin = db.CreateCommand();
                begin.CommandText = "BEGIN IMMEDIATE";
                begin.ExecuteNonQuery();
                return;
            }
            catch (SqliteException ex) when (SqliteErrors.IsBusy(ex))
            {
                var waited = Stopwatch.GetElapsedTime(started);
                if (waited >= busyTimeout) throw SqliteErrors.LockedTooLong(path, waited, ex);
                // Jitter keeps two processes that collided from colliding again in lockstep.
                Thread.Sleep(pause + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)pause.TotalMilliseconds + 1)));
                pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 100));
            }
        }
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
                    Flush(batch);
                    RunExclusive(exclusive);
                    continue;
                }
                batch.Add((AppendRequest)request);
            }
            Flush(batch);
        }
    }

    private void Flush(List<AppendRequest> batch)
    {
        batch.RemoveAll(r => r.Token.IsCancellationRequested && r.Done.TrySetCanceled(r.Token));
        if (batch.Count == 0) return;
        var results = new AppendResult?[batch.Count];
        var errors = new Exception?[batch.Count];
        try
        {
            BeginImmediate(_db, _path, _options.BusyTimeout);
        }
        catch (Exception ex)
        {
            var error = SqliteErrors.Map(_path, ex);
            foreach (var r in batch) r.Done.TrySetException(error);
            batch.Clear();
            return;
        }
        try
        {
            var recordedAt = RecordedAt.Write(_time.GetUtcNow());
            for (var i = 0; i < batch.Count; i++)
            {
                Execute("SAVEPOINT c");
                try
                {
                    results[i] = Apply(batch[i].Commit, recordedAt);
                    Execute("RELEASE c");
                }
                catch (Exception ex)
                {
                    Execute("ROLLBACK TO c");
                    Execute("RELEASE c");
                    errors[i] = ex is WrongExpectedVersionException or ConflictException or ArgumentException ? ex : SqliteErrors.Map(_path, ex);
                }
            }
            Execute("COMMIT");
        }
        catch (Exception ex)
        {
            // The batch did not reach the disk: every caller learns it, none is told it succeeded.
            TryRollback();
            var error = SqliteErrors.Map(_path, ex);
            foreach (var r in batch) r.Done.TrySetException(error);
            batch.Clear();
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            if (errors[i] is { } error) batch[i].Done.TrySetException(error);
            else batch[i].Done.TrySetResult(results[i]!);
        }
        batch.Clear();
    }

    private AppendResult Apply(Commit commit, string recordedAt)
    {
        string? hash = null;
        if (commit.IdempotencyKey is { } key)
        {
            hash = commit.RequestHash ?? "";
            ProjectionRows.Set(_findKey, commit.Team, key);
            using var found = _findKey.ExecuteReader();
            if (found.Read())
            {
                if (found.GetString(0) != hash)
                    throw new ConflictException($"Idempotency key '{key}' of team '{commit.Team}' was already used for a different request; nothing was written.");
                return new AppendResult(true, found.GetInt64(1), found.GetInt32(2));
            }
        }
        long last = 0;
        var count = 0;
        foreach (var append in commit.Streams)
        {
            var stream = append.Stream.ToString();
            ProjectionRows.Set(_streamVersion, stream);
            var actual = _streamVersion.ExecuteScalar() is long v ? v : 0;
            if (actual != append.ExpectedVersion) throw new WrongExpectedVersionException(append.Stream, append.ExpectedVersion, actual);
            if (append.Events.Count == 0) continue;
            var version = append.ExpectedVersion;
            foreach (var e in append.Events)
            {
                version++;
                ProjectionRows.Set(_insertEvent, stream, version, EventTypes.NameOf(e), EventTypes.Serialize(e), recordedAt);
                last = (long)_insertEvent.ExecuteScalar()!;
                count++;
            }
            ProjectionRows.Set(_upsertStream, stream, append.Stream.Team, append.Stream.Expert, version, last);
            _upsertStream.ExecuteNonQuery();
            _projections.Write(append.Stream, append.NewState, version, append.Events);
        }
        if (hash is not null && count > 0)
        {
            ProjectionRows.Set(_saveKey, commit.Team, commit.IdempotencyKey, hash, last, count, recordedAt);
            _saveKey.ExecuteNonQuery();
        }
        return new AppendResult(false, last, count);
    }

    private void RunExclusive(ExclusiveRequest request)
    {
        if (request.Token.IsCancellationRequested && request.Done.TrySetCanceled(request.Token)) return;
        try
        {
            BeginImmediate(_db, _path, _options.BusyTimeout);
        }
        catch (Exception ex)
        {
            request.Done.TrySetException(SqliteErrors.Map(_path, ex));
            return;
        }
        try
        {
            request.Work(_db);
            Execute("COMMIT");
            request.Done.TrySetResult();
        }
        catch (Exception ex)
        {
            TryRollback();
            request.Done.TrySetException(ex is WrongExpectedVersionException or ConflictException or ArgumentException ? ex : SqliteErrors.Map(_path, ex));
        }
    }

    private static void Validate(Commit commit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commit.Team);
        var seen = new HashSet<StreamId>();
        foreach (var append in commit.Streams)
        {
            if (append.Stream.Team != commit.Team)
                throw new ArgumentException($"Stream {append.Stream} is not in team '{commit.Team}'.", nameof(commit));
            if (!seen.Add(append.Stream))
                throw new ArgumentException($"Stream {append.Stream} appears twice in one commit.", nameof(commit));
            if (append.ExpectedVersion < 0)
                throw new ArgumentException($"Expected version {append.ExpectedVersion} of {append.Stream} is negative.", nameof(commit));
            if (append.Events.Count > 0 && append.NewState.Slug != append.Stream.Expert)
                throw new ArgumentException($"The new state of {append.Stream} is of expert '{append.NewState.Slug}'.", nameof(commit));
        }
    }

    private void Execute(string sql)
    {
        using var command = _db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private void TryRollback()
    {
        try
        {
            if (!_db.Handle!.IsInvalid && SQLitePCL.raw.sqlite3_get_autocommit(_db.Handle) == 0) Execute("ROLLBACK");
        }
        catch (SqliteException)
        {
            // SQLite may already have rolled back on its own (I/O error, full disk); nothing is left to undo.
        }
    }

    /// <summary>Stops taking requests, finishes every queued one, then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        _projections.Dispose();
        foreach (var command in new[] { _findKey, _saveKey, _streamVersion, _insertEvent, _upsertStream }) command.Dispose();
        await _db.DisposeAsync();
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

    private sealed class ExclusiveRequest(Action<SqliteConnection> work, CancellationToken token) : Request(token)
    {
        public Action<SqliteConnection> Work { get; } = work;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
