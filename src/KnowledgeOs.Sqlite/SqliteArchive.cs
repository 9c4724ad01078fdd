using System.Runtime.CompilerServices;
using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>Whole-store export and import: the logical backup of the file, and either end of <c>kos migrate</c>.</summary>
public sealed partial class SqliteEventStore : IStoreArchive
{
    /// <inheritdoc/>
    /// <remarks>One read transaction: in WAL mode events and keys come from the same snapshot while appends go on.</remarks>
    public async IAsyncEnumerable<ArchiveRecord> ExportAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await OpenReadAsync(ct);
        await using var tx = db.BeginTransaction(deferred: true);
        await using (var command = Query(db, "SELECT position, stream, version, type, data, recorded_at FROM events ORDER BY position"))
        {
            command.Transaction = tx;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                yield return new RawEvent(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                    reader.GetString(4), RecordedAt.Read(reader.GetString(5)));
            }
        }
        await using (var command = Query(db, "SELECT team, key, request_hash, last_position, event_count, recorded_at FROM idempotency ORDER BY team, key"))
        {
            command.Transaction = tx;
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                yield return new IdempotencyRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                    reader.GetInt32(4), RecordedAt.Read(reader.GetString(5)));
            }
        }
        await tx.CommitAsync(ct);
    }

    /// <inheritdoc/>
    public async Task<ArchiveSummary> ImportAsync(IAsyncEnumerable<ArchiveRecord> records, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(records);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        ArchiveSummary? summary = null;
        // One write transaction: a failed import leaves the store as empty as it was.
        await _writer.RunExclusiveAsync(async (db, token) =>
        {
            using (var any = Query(db, "SELECT EXISTS (SELECT 1 FROM events) OR EXISTS (SELECT 1 FROM idempotency)"))
            {
                if ((long)any.ExecuteScalar()! != 0)
                    throw new ConflictException($"Cannot import into {Path}: the store already holds events. Import into an empty store.");
            }
            using var replay = new ArchiveReplay();
            using var insertEvent = SqliteRows.Command(db,
                "INSERT INTO events (position, stream, version, type, data, recorded_at) VALUES ($position, $stream, $version, $type, $data, $at)",
                "$position", "$stream", "$version", "$type", "$data", "$at");
            using var insertKey = SqliteRows.Command(db, """
                INSERT INTO idempotency (team, key, request_hash, last_position, event_count, recorded_at)
                VALUES ($team, $key, $hash, $position, $count, $at)
                """, "$team", "$key", "$hash", "$position", "$count", "$at");
            await foreach (var record in records.WithCancellation(token))
            {
                replay.Add(record);
                switch (record)
                {
                    case RawEvent e:
                        SqliteRows.Set(insertEvent, e.Position, e.Stream, e.Version, e.Type, e.Data, RecordedAt.Commit(e.RecordedAt));
                        insertEvent.ExecuteNonQuery();
                        break;
                    case IdempotencyRecord k:
                        SqliteRows.Set(insertKey, k.Team, k.Key, k.RequestHash, k.LastPosition, k.EventCount, RecordedAt.Commit(k.RecordedAt));
                        insertKey.ExecuteNonQuery();
                        break;
                }
            }
            using (var clear = Query(db, "DELETE FROM items; DELETE FROM experts; DELETE FROM streams;"))
            {
                clear.ExecuteNonQuery();
            }
            SearchRows.Clear(db);
            using var insertStream = SqliteRows.Command(db,
                "INSERT INTO streams (stream, team, expert, version, position) VALUES ($stream, $team, $expert, $version, $position)",
                "$stream", "$team", "$expert", "$version", "$position");
            using var rows = new SqliteRows(db);
            foreach (var (stream, state, version, position) in replay.Streams)
            {
                SqliteRows.Set(insertStream, stream.ToString(), stream.Team, stream.Expert, version, position);
                insertStream.ExecuteNonQuery();
                CommitRows.AddAll(rows, stream, version, state);
            }
            summary = replay.Summary();
        }, retry: false, ct);
        return summary!;
    }
}
