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
/// The commit-by-commit flow and the rows are <see cref="RelationalWriter{TConnection}"/>'s and <see cref="CommitRows"/>'
/// (through <see cref="PgRows"/>); this is PostgreSQL's transaction, its batched checks, retries and NOTIFY.
/// </summary>
internal sealed class PgWriter : RelationalWriter<NpgsqlConnection>
{
    private const string StreamVersions = "SELECT stream, version FROM streams WHERE stream = ANY(@streams)";

    private const string FindKeys = """
        SELECT i.team, i.key, i.request_hash, i.last_position, i.event_count
        FROM idempotency i JOIN unnest(@teams, @keys) AS k(team, key) ON i.team = k.team AND i.key = k.key
        """;

    private readonly NpgsqlDataSource _source;
    private readonly string _where;
    private readonly PostgresStoreOptions _options;
    private readonly ResiliencePipeline _retry;
    private NpgsqlConnection? _db;

    public PgWriter(NpgsqlDataSource source, string where, TimeProvider time, PostgresStoreOptions options)
        : base(time, options.MaxBatch, options.MaxEventsPerCommit, nameof(PostgresEventStore))
    {
        _source = source;
        _where = where;
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
        if (!DropCancelled(batch)) return;
        var outcome = new BatchOutcome(batch.Count);
        try
        {
            // Once a batch is in a transaction its requests are no longer cancelled: a commit may be in doubt.
            await _retry.ExecuteAsync(async ct => await TryBatchAsync(batch, outcome, ct), CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The batch is not known to be durable: every caller learns it, none is told it succeeded.
            Fail(batch, PgRetry.GaveUp(_where, _options, ex, outcome.InDoubt));
            return;
        }
        Complete(batch, outcome);
    }

    private async Task TryBatchAsync(List<AppendRequest> batch, BatchOutcome outcome, CancellationToken ct)
    {
        outcome.Clear();
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
                outcome.Clear();
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
    /// one ends: each commit is then checked in order on what was read (the shared checks, <see cref="KnownRows"/>:
    /// its key, then what it stands on and its expected versions, seeing the commits before it in the batch), exactly
    /// as it would be alone. Second: every accepted commit's writes, the new head, and COMMIT.
    /// </summary>
    private async Task FastBatchAsync(NpgsqlConnection db, List<AppendRequest> batch, BatchOutcome outcome, CancellationToken ct)
    {
        var (teams, keys, streams) = KnownRows.Wanted(batch.Select(r => r.Commit));
        var known = new KnownRows();
        long head;
        await using (var read = new NpgsqlBatch(db))
        {
            read.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
            read.BatchCommands.Add(new NpgsqlBatchCommand(PgLogHead.Lock));
            read.BatchCommands.Add(PgProjectionRows.Command(FindKeys, ("teams", teams), ("keys", keys)));
            read.BatchCommands.Add(PgProjectionRows.Command(StreamVersions, ("streams", streams)));
            await using var reader = await read.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            head = reader.GetInt64(0);
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct)) known.AddKey(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt32(4));
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct)) known.AddVersion(reader.GetString(0), reader.GetInt64(1));
        }
        var positions = new LogPositions(head);
        await using var write = new NpgsqlBatch(db);
        if (!await ApplyAllAsync(new PgRows(write), batch, outcome, positions, ct, known))
        {
            // A commit's rows could not even be made (nothing was sent): commit by commit, so only that one fails.
            await Execute(db, "ROLLBACK", ct);
            outcome.Careful = true;
            await CarefulBatchAsync(db, batch, outcome, ct);
            return;
        }
        await CommitAsync(db, write, head, positions.Last, outcome, ct);
    }

    /// <summary>
    /// The batch commit by commit, each in its own savepoint with its own reads (the shared flow): slower, used only
    /// after the unique constraint caught what the fast path's checks did not, or the database refused one commit's data.
    /// </summary>
    private async Task CarefulBatchAsync(NpgsqlConnection db, List<AppendRequest> batch, BatchOutcome outcome, CancellationToken ct)
    {
        // A failure leaves the transaction open; the caller drops the connection, which rolls it back.
        await Execute(db, "BEGIN", ct);
        var head = await LockHeadAsync(db, ct);
        var positions = new LogPositions(head);
        await using var write = new NpgsqlBatch(db);
        await ApplyEachAsync(new PgRows(write), batch, outcome, positions, ct);
        await CommitAsync(db, write, head, positions.Last, outcome, ct);
    }

    /// <summary>
    /// Ends a batch's transaction in one round trip: when commits were written, the new log head and its NOTIFY, then
    /// COMMIT. A COMMIT whose outcome is unknown marks the batch in doubt for the retry.
    /// </summary>
    private async Task CommitAsync(NpgsqlConnection db, NpgsqlBatch write, long head, long last, BatchOutcome outcome, CancellationToken ct)
    {
        if (last != head)
        {
            write.BatchCommands.Add(PgProjectionRows.Command(PgLogHead.Move, ("position", last)));
            write.BatchCommands.Add(PgProjectionRows.Command(PgNotifications.Notify, ("position", last)));
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

    /// <inheritdoc/>
    protected override bool FailsOnlyItsCommit(Exception ex) => PgErrors.IsConflict(ex) || PgErrors.IsDataError(ex);

    /// <inheritdoc/>
    protected override async Task<Exception> CommitErrorAsync(Commit commit, Exception ex, CancellationToken ct) =>
        PgErrors.IsConflict(ex) ? await PgInDoubt.ConflictAsync(_db!, commit, ex, ct) : PgErrors.Refused(ex);

    /// <inheritdoc/>
    protected override Task<AppendResult?> LandedAsync(PreparedCommit prepared, CancellationToken ct) => PgInDoubt.LandedAsync(_db!, prepared, ct);

    /// <inheritdoc/>
    /// <remarks>The transaction holds the log head, so no append of any server commits beside it.</remarks>
    protected override Task InExclusiveTransactionAsync(Func<NpgsqlConnection, CancellationToken, Task> work, bool retry, CancellationToken ct) =>
        (retry ? _retry : ResiliencePipeline.Empty).ExecuteAsync(async token =>
        {
            var db = await ConnectionAsync(token);
            try
            {
                await using var tx = await db.BeginTransactionAsync(token);
                await LockHeadAsync(db, token);
                await work(db, token);
                await tx.CommitAsync(token);
            }
            catch
            {
                await DropConnectionAsync();
                throw;
            }
        }, ct).AsTask();

    /// <summary>Locks the log head for this transaction: appends of every server commit one after another, in position order.</summary>
    internal static async Task<long> LockHeadAsync(NpgsqlConnection db, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(PgLogHead.Lock, db);
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

    private static async Task Execute(NpgsqlConnection db, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <inheritdoc/>
    protected override async ValueTask CloseAsync() => await DropConnectionAsync();
}
