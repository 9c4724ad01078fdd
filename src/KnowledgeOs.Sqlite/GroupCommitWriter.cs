using System.Diagnostics;
using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// SQLite's writer: a batch is one <c>BEGIN IMMEDIATE</c> transaction (one fsync), its commits applied one by one by the
/// shared flow (<see cref="RelationalWriter{TConnection}"/>) through <see cref="SqliteRows"/>, first without savepoints
/// and, when a commit's writes fail, again with a savepoint per commit. Every failure of one commit's statements fails
/// that commit alone; a failure of the transaction fails the batch.
/// </summary>
internal sealed class GroupCommitWriter : RelationalWriter<SqliteConnection>
{
    private readonly SqliteConnection _db;
    private readonly string _path;
    private readonly SqliteStoreOptions _options;
    private readonly SqliteRows _rows;
    // Prepared once: a batch is one transaction, so these run as often as commits land on a lone learner.
    private readonly RawStatement _begin;
    private readonly RawStatement _commit;
    private readonly RawStatement _rollback;
    private long _pagesRead;
    private long _rowsChanged;

    public GroupCommitWriter(SqliteConnection db, string path, TimeProvider time, SqliteStoreOptions options)
        : base(time, options.MaxBatch, options.MaxEventsPerCommit, nameof(SqliteEventStore))
    {
        _db = db;
        _path = path;
        _options = options;
        _rows = new SqliteRows(db);
        _begin = new RawStatement(db, "BEGIN IMMEDIATE");
        _commit = new RawStatement(db, "COMMIT");
        _rollback = new RawStatement(db, "ROLLBACK");
        Start();
    }

    /// <summary>Begins a write transaction, waiting for other processes with backoff up to the busy timeout.</summary>
    public static void BeginImmediate(SqliteConnection db, string path, TimeSpan busyTimeout)
    {
        using var begin = new RawStatement(db, "BEGIN IMMEDIATE");
        BeginImmediate(begin, path, busyTimeout);
    }

    /// <summary>Runs a prepared <c>BEGIN IMMEDIATE</c>, waiting for other processes with backoff up to the busy timeout.</summary>
    private static void BeginImmediate(RawStatement begin, string path, TimeSpan busyTimeout)
    {
        var started = Stopwatch.GetTimestamp();
        var pause = TimeSpan.FromMilliseconds(2);
        while (true)
        {
            try
            {
                begin.Execute();
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
    protected override async Task FlushAsync(List<AppendRequest> batch)
    {
        if (!DropCancelled(batch)) return;
        var outcome = new BatchOutcome(batch.Count);
        try
        {
            BeginImmediate(_begin, _path, _options.BusyTimeout);
            _rows.BeginBatch();
        }
        catch (Exception ex)
        {
            Fail(batch, SqliteErrors.Map(_path, ex));
            return;
        }
        try
        {
            if (!await ApplyAllAsync(_rows, batch, outcome, new LogPositions(0), CancellationToken.None))
            {
                // A commit's writes failed: undo the batch and run it again, a savepoint per commit, so only that commit fails.
                if (InTransaction()) _rollback.Execute();
                BeginImmediate(_begin, _path, _options.BusyTimeout);
                _rows.BeginBatch();
                await ApplyEachAsync(_rows, batch, outcome, new LogPositions(0), CancellationToken.None);
            }
            // The batch's per-term document counts, one upsert per term, in its transaction.
            _rows.EndBatch();
            _commit.Execute();
            CountWork();
        }
        catch (Exception ex)
        {
            // The batch did not reach the disk: every caller learns it, none is told it succeeded.
            TryRollback();
            Fail(batch, SqliteErrors.Map(_path, ex));
            return;
        }
        Complete(batch, outcome);
    }

    /// <summary>What the writer's committed batches cost SQLite since the store was opened (see <see cref="SqliteWriterWork"/>).</summary>
    public SqliteWriterWork Work => new(Interlocked.Read(ref _pagesRead), Interlocked.Read(ref _rowsChanged));

    // The connection's page fetches (cache hits and misses) since the last batch, and its row changes so far.
    private void CountWork()
    {
        var handle = _db.Handle!;
        SQLitePCL.raw.sqlite3_db_status(handle, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_HIT, out var hits, out _, 1);
        SQLitePCL.raw.sqlite3_db_status(handle, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_MISS, out var misses, out _, 1);
        Interlocked.Add(ref _pagesRead, (long)hits + misses);
        Interlocked.Exchange(ref _rowsChanged, SQLitePCL.raw.sqlite3_total_changes(handle));
    }

    /// <inheritdoc/>
    protected override bool FailsOnlyItsCommit(Exception ex) => true;

    /// <inheritdoc/>
    protected override Task<Exception> CommitErrorAsync(Commit commit, Exception ex, CancellationToken ct) =>
        Task.FromResult<Exception>(SqliteErrors.IsDataError(ex) ? CommitRules.Refused("SQLite", ex.Message, ex) : SqliteErrors.Map(_path, ex));

    /// <inheritdoc/>
    protected override Exception Unexpected(Exception ex) => SqliteErrors.Map(_path, ex);

    /// <inheritdoc/>
    protected override Task AbandonAsync()
    {
        TryRollback();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    /// <remarks>Never retried: the lock of another process is waited out by <see cref="BeginImmediate"/>.</remarks>
    protected override async Task InExclusiveTransactionAsync(Func<SqliteConnection, CancellationToken, Task> work, bool retry, CancellationToken ct)
    {
        BeginImmediate(_begin, _path, _options.BusyTimeout);
        try
        {
            await work(_db, ct);
            _commit.Execute();
        }
        catch
        {
            TryRollback();
            throw;
        }
    }

    // SQLite ends a transaction on its own after some errors (I/O error, full disk): then there is nothing to roll back.
    private bool InTransaction() => !_db.Handle!.IsInvalid && SQLitePCL.raw.sqlite3_get_autocommit(_db.Handle) == 0;

    private void TryRollback()
    {
        try
        {
            if (InTransaction()) _rollback.Execute();
        }
        catch (SqliteException)
        {
            // SQLite may already have rolled back on its own (I/O error, full disk); nothing is left to undo.
        }
    }

    /// <inheritdoc/>
    protected override async ValueTask CloseAsync()
    {
        _rows.Dispose();
        _begin.Dispose();
        _commit.Dispose();
        _rollback.Dispose();
        await _db.DisposeAsync();
    }
}
