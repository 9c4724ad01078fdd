using System.Globalization;

namespace KnowledgeOs.Storage.Relational;

/// <summary>
/// The per-commit flow of a relational writer, the same on every database: each commit of a batch in its own savepoint
/// (idempotency key, then expected versions, then its rows through <see cref="CommitRows"/>), released when it holds
/// and rolled back to when it fails, so only its caller fails; then every caller completed at once. The dialect opens
/// and ends the batch transaction, names the statements' runner (<see cref="RowWriter"/>) and classifies its errors.
/// </summary>
/// <typeparam name="TConnection">The database's connection type.</typeparam>
public abstract class RelationalWriter<TConnection> : GroupCommitLoop<TConnection>
{
    private readonly TimeProvider _time;

    /// <summary>A writer taking at most <paramref name="maxBatch"/> commits per transaction; call <c>Start</c> once constructed.</summary>
    protected RelationalWriter(TimeProvider time, int maxBatch, int maxEventsPerCommit, string storeName)
        : base(maxBatch, maxEventsPerCommit, storeName) => _time = time;

    /// <summary>The commit time of a transaction starting now, as every store keeps it.</summary>
    protected DateTimeOffset RecordedAt() => CommitRules.RecordedAt(_time.GetUtcNow());

    /// <summary>Whether a failure of one commit's statements fails that commit alone (the batch goes on), beyond the domain's own refusals.</summary>
    protected abstract bool FailsOnlyItsCommit(Exception ex);

    /// <summary>The error a commit's caller gets for such a failure, after its savepoint was rolled back.</summary>
    protected abstract Task<Exception> CommitErrorAsync(Commit commit, Exception ex, CancellationToken ct);

    /// <summary>After a COMMIT whose outcome was unknown: the result of a keyless commit that already landed, or null.</summary>
    protected virtual Task<AppendResult?> LandedAsync(PreparedCommit prepared, CancellationToken ct) => Task.FromResult<AppendResult?>(null);

    /// <summary>Drops the requests cancelled while they waited; false when none is left.</summary>
    protected static bool DropCancelled(List<AppendRequest> batch)
    {
        batch.RemoveAll(r => r.Token.IsCancellationRequested && r.Done.TrySetCanceled(r.Token) && Released(r));
        return batch.Count > 0;
    }

    /// <summary>Tells every caller of a batch that did not become durable; none is told it succeeded.</summary>
    protected static void Fail(List<AppendRequest> batch, Exception error)
    {
        foreach (var r in batch)
        {
            r.Done.TrySetException(error);
            Released(r);
        }
        batch.Clear();
    }

    /// <summary>Lets go of what a completed request was decided on (see <see cref="GroupCommitLoop{TConnection}.AppendRequest.After"/>).</summary>
    private static bool Released(AppendRequest request)
    {
        request.After = [];
        return true;
    }

    /// <summary>Completes every caller of a committed batch with its result or its own error.</summary>
    protected void Complete(List<AppendRequest> batch, BatchOutcome outcome)
    {
        Counted(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (outcome.Errors[i] is { } error) batch[i].Done.TrySetException(error);
            else batch[i].Done.TrySetResult(outcome.Results[i]!);
            Released(batch[i]);
        }
        batch.Clear();
    }

    /// <summary>
    /// Applies the batch's commits one after another without savepoints, inside the open transaction: a savepoint makes
    /// SQLite copy every page a commit changes into a statement journal, work only a failed write needs. A commit its
    /// checks refuse (key, versions) wrote nothing and fails alone; a duplicate gets its stored result. When a commit's
    /// writes fail, nothing of the batch can be kept: false, the results forgotten, and the dialect rolls the
    /// transaction back and runs the batch again through <see cref="ApplyEachAsync"/>, a savepoint per commit.
    /// Given <paramref name="known"/> (the batch's keys and versions, read at once under the write lock), the checks read
    /// those instead of a row per commit, and the writes are not run per commit: nothing of the batch is read back before
    /// it ends, so they go out with the dialect's COMMIT (a refusal then fails the transaction, and the dialect runs the
    /// batch again through <see cref="ApplyEachAsync"/>).
    /// </summary>
    protected async Task<bool> ApplyAllAsync(RowWriter rows, List<AppendRequest> batch, BatchOutcome outcome, LogPositions positions, CancellationToken ct,
        KnownRows? known = null)
    {
        var recordedAt = RecordedAt();
        foreach (var r in batch) r.Written = false;
        for (var i = 0; i < batch.Count; i++)
        {
            var writing = false;
            try
            {
                if (await CheckAsync(rows, batch[i], outcome.InDoubt, known, ct) is { } settled)
                {
                    outcome.Results[i] = settled;
                    continue;
                }
                writing = true;
                var result = CommitRows.Add(rows, batch[i].Commit, positions, recordedAt);
                outcome.Results[i] = result;
                if (known is null) await rows.FlushAsync(ct);
                else known.Wrote(batch[i].Commit, result);
                batch[i].Written = true;
            }
            catch (Exception ex) when (!writing && ex is WrongExpectedVersionException or ConflictException or ArgumentException)
            {
                outcome.Errors[i] = ex;
            }
            catch (Exception ex) when (ex is WrongExpectedVersionException or ConflictException or ArgumentException || FailsOnlyItsCommit(ex))
            {
                outcome.Clear();
                foreach (var r in batch) r.Written = false;
                return false;
            }
        }
        return true;
    }

    /// <summary>Applies the batch's commits one by one, each in its own savepoint, inside the open transaction.</summary>
    protected async Task ApplyEachAsync(RowWriter rows, List<AppendRequest> batch, BatchOutcome outcome, LogPositions positions, CancellationToken ct)
    {
        var recordedAt = RecordedAt();
        foreach (var r in batch) r.Written = false;
        for (var i = 0; i < batch.Count; i++)
        {
            var taken = positions.Last;
            await rows.ExecuteAsync(CommitSql.Savepoint, ct);
            try
            {
                outcome.Results[i] = await ApplyAsync(rows, batch[i], positions, recordedAt, outcome.InDoubt, ct);
                await rows.ExecuteAsync(CommitSql.Release, ct);
            }
            catch (Exception ex) when (ex is WrongExpectedVersionException or ConflictException or ArgumentException || FailsOnlyItsCommit(ex))
            {
                await rows.ExecuteAsync(CommitSql.RollbackTo, ct);
                await rows.ExecuteAsync(CommitSql.Release, ct);
                positions.Rewind(taken);
                outcome.Errors[i] = ex is WrongExpectedVersionException or ConflictException or ArgumentException ? ex
                    : await CommitErrorAsync(batch[i].Commit.Commit, ex, ct);
            }
        }
    }

    /// <summary>One commit's checks and rows: its key (a duplicate gets the stored result), its expected versions, then its writes.</summary>
    private async Task<AppendResult> ApplyAsync(RowWriter rows, AppendRequest request, LogPositions positions, DateTimeOffset recordedAt, bool inDoubt, CancellationToken ct)
    {
        if (await CheckAsync(rows, request, inDoubt, null, ct) is { } known) return known;
        var result = CommitRows.Add(rows, request.Commit, positions, recordedAt);
        await rows.FlushAsync(ct);
        // Released with its savepoint just after; a later failure of this commit's release fails the batch.
        request.Written = true;
        return result;
    }

    /// <summary>
    /// One commit's checks, which write nothing: its key (a duplicate gets the stored result; another request under it
    /// is refused), then its expected versions (a mismatch is refused, and so is a commit decided on top of one that did
    /// not land, whatever its versions say). Null when the commit is to be written. Keys and versions come from
    /// <paramref name="known"/> when the dialect read them for the batch, else from a read each.
    /// </summary>
    private async Task<AppendResult?> CheckAsync(RowWriter rows, AppendRequest request, bool inDoubt, KnownRows? known, CancellationToken ct)
    {
        var prepared = request.Commit;
        var commit = prepared.Commit;

        foreach (var key in CommitChecks.Keys(commit))
        {
            if (await StoredKeyAsync(rows, known, commit.Team, key.Key.Key, ct) is not { } found) continue;
            if (CommitChecks.KeyReused(commit, key.Key, found.Hash) is { } reused) throw reused;
            return found.Result with { ByCallerKey = key.Caller };
        }
        // Decided on a state that never landed, it is refused even when its versions match: another writer may have
        // moved the stream by as many events. A commit with only a key (the decision found nothing to write) likewise.
        var standsOnLanded = request.After.All(a => a.Landed);
        if (!standsOnLanded && commit.Streams.Count == 0 && request.After.First(a => !a.Landed).Commit.Commit.Streams is [var stood, ..])
            throw new WrongExpectedVersionException(stood.Stream, stood.ExpectedVersion + stood.Events.Count, stood.ExpectedVersion);
        foreach (var append in commit.Streams)
        {
            var actual = await VersionAsync(rows, known, append.Stream.ToString(), ct);
            if (actual == append.ExpectedVersion && standsOnLanded) continue;
            // After a COMMIT whose outcome was unknown, a keyless commit finds out whether it already landed.
            if (inDoubt && commit.IdempotencyKey is null && await LandedAsync(prepared, ct) is { } landed)
            {
                request.Written = true;
                return landed;
            }
            throw new WrongExpectedVersionException(append.Stream, append.ExpectedVersion, actual);
        }
        return null;
    }

    /// <summary>A stored key's request hash and the result a duplicate gets, or null when it is not stored.</summary>
    private static async Task<(string Hash, AppendResult Result)?> StoredKeyAsync(RowWriter rows, KnownRows? known, string team, string key, CancellationToken ct)
    {
        if (known is not null) return known.Key(team, key);
        if (await rows.FirstRowAsync(CommitSql.FindKey, ct, team, key) is not { } found) return null;
        return ((string)found[0]!, new AppendResult(true, Convert.ToInt64(found[1], CultureInfo.InvariantCulture), Convert.ToInt32(found[2], CultureInfo.InvariantCulture)));
    }

    /// <summary>A stream's stored version (0 without a row).</summary>
    private static async Task<long> VersionAsync(RowWriter rows, KnownRows? known, string stream, CancellationToken ct)
    {
        if (known is not null) return known.Version(stream);
        var row = await rows.FirstRowAsync(CommitSql.StreamVersion, ct, stream);
        return row is null ? 0 : Convert.ToInt64(row[0], CultureInfo.InvariantCulture);
    }
}
