using System.Data;
using System.Data.Common;
using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;
using Npgsql;
using NpgsqlTypes;

namespace KnowledgeOs.Postgres;

/// <summary>PostgreSQL's part of the archive and the projection rewrite; the flow is <see cref="RelationalEventStore{TConnection}"/>'s.</summary>
public sealed partial class PostgresEventStore
{
    /// <inheritdoc/>
    protected override string Description => $"PostgreSQL at {Where} (schema {Schema})";

    /// <inheritdoc/>
    /// <remarks>REPEATABLE READ, READ ONLY: events and keys come from the same snapshot while appends go on.</remarks>
    protected override async Task<DbTransaction> BeginExportAsync(NpgsqlConnection db, CancellationToken ct)
    {
        var tx = await db.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using var set = new NpgsqlCommand("SET TRANSACTION READ ONLY", db);
        await set.ExecuteNonQueryAsync(ct);
        return tx;
    }

    /// <inheritdoc/>
    protected override async Task<ArchiveLoad> StartLoadAsync(NpgsqlConnection db, CancellationToken ct) =>
        new PgArchiveLoad(db, await db.BeginBinaryImportAsync(
            "COPY events (position, stream, version, type, data, recorded_at) FROM STDIN (FORMAT BINARY)", ct));

    /// <inheritdoc/>
    /// <remarks>One round trip; the search tsvector follows the item rows' terms in the table itself.</remarks>
    protected override async Task RewriteProjectionsAsync(NpgsqlConnection db, Action<RowWriter> write, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(db);
        var rows = new PgRows(batch);
        write(rows);
        rows.Add(new SqlStatement(PgProjectionRows.AfterBulkWrite));
        await rows.FlushAsync(ct);
    }

    /// <summary>
    /// An archive's events streamed with binary <c>COPY</c> as they come; the keys are held until the events are in
    /// (one <c>COPY</c> runs at a time on a connection), then copied, and the log head moved to the last event.
    /// </summary>
    private sealed class PgArchiveLoad(NpgsqlConnection db, NpgsqlBinaryImporter events) : ArchiveLoad
    {
        private readonly List<IdempotencyRecord> _keys = [];

        public override Task AddEventAsync(RawEvent e, CancellationToken ct) => RowAsync(events, ct,
            (e.Position, NpgsqlDbType.Bigint), (e.Stream, NpgsqlDbType.Text), (e.Version, NpgsqlDbType.Bigint), (e.Type, NpgsqlDbType.Text),
            (e.Data, NpgsqlDbType.Json), (CommitRules.RecordedAt(e.RecordedAt).UtcDateTime, NpgsqlDbType.TimestampTz));

        public override Task AddKeyAsync(IdempotencyRecord key, CancellationToken ct)
        {
            _keys.Add(key);
            return Task.CompletedTask;
        }

        public override async Task CompleteAsync(long lastPosition, CancellationToken ct)
        {
            await events.CompleteAsync(ct);
            await events.DisposeAsync();
            await using (var copy = await db.BeginBinaryImportAsync(
                "COPY idempotency (team, key, request_hash, last_position, event_count, recorded_at) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var k in _keys)
                {
                    await RowAsync(copy, ct, (k.Team, NpgsqlDbType.Text), (k.Key, NpgsqlDbType.Text), (k.RequestHash, NpgsqlDbType.Text),
                        (k.LastPosition, NpgsqlDbType.Bigint), (k.EventCount, NpgsqlDbType.Integer),
                        (CommitRules.RecordedAt(k.RecordedAt).UtcDateTime, NpgsqlDbType.TimestampTz));
                }
                await copy.CompleteAsync(ct);
            }
            await using var head = new NpgsqlCommand(PgLogHead.Move, db);
            head.Parameters.AddWithValue("position", lastPosition);
            await head.ExecuteNonQueryAsync(ct);
        }

        public override ValueTask DisposeAsync() => events.DisposeAsync();

        /// <summary>One row of a binary COPY, each value with its column's type.</summary>
        private static async Task RowAsync(NpgsqlBinaryImporter copy, CancellationToken ct, params (object Value, NpgsqlDbType Type)[] columns)
        {
            await copy.StartRowAsync(ct);
            foreach (var (value, type) in columns) await copy.WriteAsync(value, type, ct);
        }
    }
}
