using System.Data.Common;
using System.Runtime.CompilerServices;

namespace KnowledgeOs.Storage.Relational;

/// <summary>Whole-store export and import, one flow for every database: the logical backup, and either end of <c>kos migrate</c>.</summary>
public abstract partial class RelationalEventStore<TConnection>
{
    /// <summary>The store as messages name it (a file, a server and schema).</summary>
    protected abstract string Description { get; }

    /// <summary>Begins the read-only transaction an export reads in: events and keys from one moment while appends go on.</summary>
    protected abstract Task<DbTransaction> BeginExportAsync(TConnection db, CancellationToken ct);

    /// <summary>Starts loading an archive's events and keys into the empty tables, in the import's transaction.</summary>
    protected abstract Task<ArchiveLoad> StartLoadAsync(TConnection db, CancellationToken ct);

    /// <inheritdoc/>
    public async IAsyncEnumerable<ArchiveRecord> ExportAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await OpenReadAsync(ct);
        await using var tx = await BeginExportAsync(db, ct);
        await foreach (var record in ArchiveRows.ReadAsync(db, tx, Dialect, ReadFailure, ct)) yield return record;
        await tx.CommitAsync(ct);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// One write transaction, not retried (the records may be a file read once): a failed import leaves the store as
    /// empty as it was. The projections are written from the replayed states, as a rebuild writes them.
    /// </remarks>
    public async Task<ArchiveSummary> ImportAsync(IAsyncEnumerable<ArchiveRecord> records, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(records);
        ThrowIfDisposed();
        ArchiveSummary? summary = null;
        await Writer.RunExclusiveAsync(async (db, token) =>
        {
            await using (var any = DbCommands.Create(db, "SELECT EXISTS (SELECT 1 FROM events) OR EXISTS (SELECT 1 FROM idempotency)"))
            {
                if (Convert.ToBoolean(await any.ExecuteScalarAsync(token), System.Globalization.CultureInfo.InvariantCulture))
                    throw new ConflictException($"Cannot import into {Description}: the store already holds events. Import into an empty store.")
                        .WithCode(ErrorCodes.StoreNotEmpty, Description);
            }
            using var replay = new ArchiveReplay();
            await using (var load = await StartLoadAsync(db, token))
            {
                await foreach (var record in records.WithCancellation(token))
                {
                    replay.Add(record);
                    await (record switch
                    {
                        RawEvent e => load.AddEventAsync(e, token),
                        IdempotencyRecord k => load.AddKeyAsync(k, token),
                        _ => Task.CompletedTask,
                    });
                }
                await load.CompleteAsync(replay.LastPosition, token);
            }
            await RewriteProjectionsAsync(db, rows =>
            {
                rows.Add(ProjectionSql.DeleteItems);
                rows.Add(ProjectionSql.DeleteExperts);
                rows.Add(ProjectionSql.DeleteStreams);
                foreach (var (stream, state, version, position) in replay.Streams)
                {
                    rows.Add(CommitSql.UpsertStream, stream.ToString(), stream.Team, stream.Expert, version, position);
                    CommitRows.AddAll(rows, stream, version, state);
                }
            }, token);
            summary = replay.Summary();
        }, retry: false, ct);
        return summary!;
    }
}
