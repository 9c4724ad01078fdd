using System.Data;
using System.Runtime.CompilerServices;
using KnowledgeOs.Storage;
using Npgsql;
using NpgsqlTypes;

namespace KnowledgeOs.Postgres;

/// <summary>Whole-store export and import: the logical backup of the store's tables, and the target of <c>kos migrate</c>.</summary>
public sealed partial class PostgresEventStore : IStoreArchive
{
    /// <inheritdoc/>
    /// <remarks>One REPEATABLE READ transaction: events and keys come from the same snapshot while appends go on.</remarks>
    public async IAsyncEnumerable<ArchiveRecord> ExportAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await OpenReadAsync(ct);
        await using var tx = await db.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using (var set = new NpgsqlCommand("SET TRANSACTION READ ONLY", db)) await set.ExecuteNonQueryAsync(ct);
        await using (var command = Query(db, "SELECT position, stream, version, type, data::text, recorded_at FROM events ORDER BY position"))
        await using (var reader = await Execute(command, ct))
        {
            while (await Read(reader, ct))
            {
                yield return new RawEvent(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                    reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5));
            }
        }
        await using (var command = Query(db, "SELECT team, key, request_hash, last_position, event_count, recorded_at FROM idempotency ORDER BY team, key"))
        await using (var reader = await Execute(command, ct))
        {
            while (await Read(reader, ct))
            {
                yield return new IdempotencyRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                    reader.GetInt32(4), reader.GetFieldValue<DateTimeOffset>(5));
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
        // Not retried: the records may be a file read once. A failed import leaves the store as empty as it was.
        await _writer.RunExclusiveAsync(async (db, token) =>
        {
            await using (var count = Query(db, "SELECT EXISTS (SELECT 1 FROM events) OR EXISTS (SELECT 1 FROM idempotency)"))
            {
                if ((bool)(await count.ExecuteScalarAsync(token))!)
                    throw new ConflictException($"Cannot import into PostgreSQL at {Where} (schema {Schema}): the store already holds events. Import into an empty store.");
            }
            using var replay = new ArchiveReplay();
            var keys = new List<IdempotencyRecord>();
            await using (var events = await db.BeginBinaryImportAsync(
                "COPY events (position, stream, version, type, data, recorded_at) FROM STDIN (FORMAT BINARY)", token))
            {
                await foreach (var record in records.WithCancellation(token))
                {
                    replay.Add(record);
                    if (record is IdempotencyRecord key)
                    {
                        keys.Add(key);
                        continue;
                    }
                    var e = (RawEvent)record;
                    await events.StartRowAsync(token);
                    await events.WriteAsync(e.Position, NpgsqlDbType.Bigint, token);
                    await events.WriteAsync(e.Stream, NpgsqlDbType.Text, token);
                    await events.WriteAsync(e.Version, NpgsqlDbType.Bigint, token);
                    await events.WriteAsync(e.Type, NpgsqlDbType.Text, token);
                    await events.WriteAsync(e.Data, NpgsqlDbType.Json, token);
                    await events.WriteAsync(CommitRules.RecordedAt(e.RecordedAt).UtcDateTime, NpgsqlDbType.TimestampTz, token);
                }
                await events.CompleteAsync(token);
            }
            await using (var copy = await db.BeginBinaryImportAsync(
                "COPY idempotency (team, key, request_hash, last_position, event_count, recorded_at) FROM STDIN (FORMAT BINARY)", token))
            {
                foreach (var k in keys)
                {
                    await copy.StartRowAsync(token);
                    await copy.WriteAsync(k.Team, NpgsqlDbType.Text, token);
                    await copy.WriteAsync(k.Key, NpgsqlDbType.Text, token);
                    await copy.WriteAsync(k.RequestHash, NpgsqlDbType.Text, token);
                    await copy.WriteAsync(k.LastPosition, NpgsqlDbType.Bigint, token);
                    await copy.WriteAsync(k.EventCount, NpgsqlDbType.Integer, token);
                    await copy.WriteAsync(CommitRules.RecordedAt(k.RecordedAt).UtcDateTime, NpgsqlDbType.TimestampTz, token);
                }
                await copy.CompleteAsync(token);
            }
            await using var batch = new NpgsqlBatch(db);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM items"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM experts"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM streams"));
            foreach (var (stream, state, version, position) in replay.Streams)
            {
                batch.BatchCommands.Add(PgProjectionRows.Command(
                    "INSERT INTO streams (stream, team, expert, version, position) VALUES (@stream, @team, @expert, @version, @position)",
                    ("stream", stream.ToString()), ("team", stream.Team), ("expert", stream.Expert), ("version", version), ("position", position)));
                PgProjectionRows.WriteAll(batch, stream, state, version);
            }
            batch.BatchCommands.Add(PgProjectionRows.Command("UPDATE log_head SET position = @position", ("position", replay.LastPosition)));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(PgProjectionRows.AfterBulkWrite));
            await batch.ExecuteNonQueryAsync(token);
            summary = replay.Summary();
        }, retry: false, ct);
        return summary!;
    }
}
