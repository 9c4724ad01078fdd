using System.Diagnostics;
using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// The single writer of a store: callers queue commits, one loop drains whatever is queued into one
/// <c>BEGIN IMMEDIATE</c> transaction (one fsync for the batch), applies each commit in its own savepoint
/// with its own idempotency and version checks, commits once, then completes every caller.
/// A failed check rolls back only that commit's savepoint and faults only its caller. The queue and the loop are
/// <see cref="GroupCommitLoop{TConnection}"/>'s; this is SQLite's transaction.
/// </summary>
internal sealed class GroupCommitWriter : GroupCommitLoop<SqliteConnection>
{
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
    private readonly SqliteCommand _savepoint;
    private readonly SqliteCommand _release;
    private readonly SqliteCommand _rollbackTo;

    public GroupCommitWriter(SqliteConnection db, string path, TimeProvider time, SqliteStoreOptions options)
        : base(options.MaxBatch, options.MaxEventsPerCommit, nameof(SqliteEventStore))
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
        _savepoint = ProjectionRows.Command(db, "SAVEPOINT c");
        _release = ProjectionRows.Command(db, "RELEASE c");
        _rollbackTo = ProjectionRows.Command(db, "ROLLBACK TO c");
        Start();
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

    /// <inheritdoc/>
    protected override Task FlushAsync(List<AppendRequest> batch)
    {
        Flush(batch);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    protected override Exception Unexpected(Exception ex) => SqliteErrors.Map(_path, ex);

    /// <inheritdoc/>
    protected override Task AbandonAsync()
    {
        TryRollback();
        return Task.CompletedTask;
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
            var recordedAt = RecordedAt.Commit(_time.GetUtcNow());
            for (var i = 0; i < batch.Count; i++)
            {
                _savepoint.ExecuteNonQuery();
                try
                {
                    results[i] = Apply(batch[i].Commit, recordedAt);
                    _release.ExecuteNonQuery();
                }
                catch (Exception ex)
                {
                    _rollbackTo.ExecuteNonQuery();
                    _release.ExecuteNonQuery();
                    errors[i] = ex is WrongExpectedVersionException or ConflictException or ArgumentException ? ex
                        : SqliteErrors.IsDataError(ex) ? CommitRules.Refused("SQLite", ((SqliteException)ex).Message, ex)
                        : SqliteErrors.Map(_path, ex);
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

    private AppendResult Apply(PreparedCommit work, string recordedAt)
    {
        var commit = work.Commit;
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
        foreach (var prepared in work.Appends)
        {
            var append = prepared.Append;
            ProjectionRows.Set(_streamVersion, prepared.Stream);
            var actual = _streamVersion.ExecuteScalar() is long v ? v : 0;
            if (actual != append.ExpectedVersion) throw new WrongExpectedVersionException(append.Stream, append.ExpectedVersion, actual);
            if (prepared.Types.Length == 0) continue;
            var version = append.ExpectedVersion;
            for (var j = 0; j < prepared.Types.Length; j++)
            {
                version++;
                ProjectionRows.Set(_insertEvent, prepared.Stream, version, prepared.Types[j], prepared.Data[j], recordedAt);
                last = (long)_insertEvent.ExecuteScalar()!;
                count++;
            }
            ProjectionRows.Set(_upsertStream, prepared.Stream, append.Stream.Team, append.Stream.Expert, version, last);
            _upsertStream.ExecuteNonQuery();
            _projections.Write(append.Stream, version, append.NewState, prepared.StateJson, prepared.Items, prepared.RemovedItems);
        }
        if (hash is not null && count > 0)
        {
            ProjectionRows.Set(_saveKey, commit.Team, commit.IdempotencyKey, hash, last, count, recordedAt);
            _saveKey.ExecuteNonQuery();
        }
        return new AppendResult(false, last, count);
    }

    /// <inheritdoc/>
    protected override async Task RunAloneAsync(ExclusiveRequest request)
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
            await request.Work(_db, request.Token);
            Execute("COMMIT");
            request.Done.TrySetResult();
        }
        catch (Exception ex)
        {
            TryRollback();
            request.Done.TrySetException(ex is WrongExpectedVersionException or ConflictException or ArgumentException or OperationCanceledException ? ex : SqliteErrors.Map(_path, ex));
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

    /// <inheritdoc/>
    protected override async ValueTask CloseAsync()
    {
        _projections.Dispose();
        foreach (var command in new[] { _findKey, _saveKey, _streamVersion, _insertEvent, _upsertStream, _savepoint, _release, _rollbackTo }) command.Dispose();
        await _db.DisposeAsync();
    }
}
