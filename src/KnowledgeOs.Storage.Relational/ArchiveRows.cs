using System.Data.Common;
using System.Runtime.CompilerServices;

namespace KnowledgeOs.Storage.Relational;

/// <summary>
/// The archive's reading side, one SQL text for every database: every event in position order, then every
/// idempotency key, in the caller's transaction (one moment of the log). Used by the stores' export and by the
/// reading of an SQLite backup file.
/// </summary>
public static class ArchiveRows
{
    /// <summary>Every event, then every key, of the store the connection reaches.</summary>
    /// <param name="db">An open connection.</param>
    /// <param name="tx">The transaction both queries read in.</param>
    /// <param name="dialect">The database's column spellings and stored time.</param>
    /// <param name="failure">The store's error for a failure of the database mid-stream, or null to let it pass.</param>
    /// <param name="ct">Cancels the read.</param>
    public static async IAsyncEnumerable<ArchiveRecord> ReadAsync(DbConnection db, DbTransaction? tx, ReadDialect dialect,
        Func<Exception, Exception?> failure, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var e in DbRows.ReadAsync(db, tx, $"SELECT position, stream, version, type, {dialect.Data}, recorded_at FROM events ORDER BY position", [],
            r => new RawEvent(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetString(3), r.GetString(4), dialect.ReadTime(r, 5)), failure, ct))
            yield return e;
        await foreach (var k in DbRows.ReadAsync(db, tx, "SELECT team, key, request_hash, last_position, event_count, recorded_at FROM idempotency ORDER BY team, key", [],
            r => new IdempotencyRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt32(4), dialect.ReadTime(r, 5)), failure, ct))
            yield return k;
    }
}
