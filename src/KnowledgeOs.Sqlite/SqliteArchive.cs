using System.Data.Common;
using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>SQLite's part of the archive and the projection rewrite; the flow is <see cref="RelationalEventStore{TConnection}"/>'s.</summary>
public sealed partial class SqliteEventStore
{
    /// <inheritdoc/>
    protected override string Description => Path;

    /// <inheritdoc/>
    /// <remarks>A deferred transaction: in WAL mode events and keys come from the same snapshot while appends go on.</remarks>
    protected override Task<DbTransaction> BeginExportAsync(SqliteConnection db, CancellationToken ct) =>
        Task.FromResult<DbTransaction>(db.BeginTransaction(deferred: true));

    /// <inheritdoc/>
    protected override Task<ArchiveLoad> StartLoadAsync(SqliteConnection db, CancellationToken ct) =>
        Task.FromResult<ArchiveLoad>(new SqliteArchiveLoad(db));

    /// <inheritdoc/>
    /// <remarks>
    /// The FTS5 index and its per-term document counts are emptied with the item rows; <see cref="SqliteRows"/>
    /// indexes and counts each item it writes.
    /// </remarks>
    protected override Task RewriteProjectionsAsync(SqliteConnection db, Action<RowWriter> write, CancellationToken ct)
    {
        SearchRows.Clear(db);
        SqliteTermDocs.Clear(db);
        using var rows = new SqliteRows(db);
        write(rows);
        rows.EndBatch();
        return Task.CompletedTask;
    }

    /// <summary>An archive's events and keys inserted one by one through prepared statements, in process.</summary>
    private sealed class SqliteArchiveLoad(SqliteConnection db) : ArchiveLoad
    {
        private readonly SqliteCommand _insertEvent = SqliteRows.Command(db,
            "INSERT INTO events (position, stream, version, type, data, recorded_at) VALUES ($position, $stream, $version, $type, $data, $at)",
            "$position", "$stream", "$version", "$type", "$data", "$at");

        private readonly SqliteCommand _insertKey = SqliteRows.Command(db, """
            INSERT INTO idempotency (team, key, request_hash, last_position, event_count, recorded_at)
            VALUES ($team, $key, $hash, $position, $count, $at)
            """, "$team", "$key", "$hash", "$position", "$count", "$at");

        public override Task AddEventAsync(RawEvent e, CancellationToken ct)
        {
            SqliteRows.Set(_insertEvent, e.Position, e.Stream, e.Version, e.Type, e.Data, RecordedAt.Commit(e.RecordedAt));
            _insertEvent.ExecuteNonQuery();
            return Task.CompletedTask;
        }

        public override Task AddKeyAsync(IdempotencyRecord key, CancellationToken ct)
        {
            SqliteRows.Set(_insertKey, key.Team, key.Key, key.RequestHash, key.LastPosition, key.EventCount, RecordedAt.Commit(key.RecordedAt));
            _insertKey.ExecuteNonQuery();
            return Task.CompletedTask;
        }

        /// <summary>Nothing is held back: every row went in as it came.</summary>
        public override Task CompleteAsync(long lastPosition, CancellationToken ct) => Task.CompletedTask;

        public override async ValueTask DisposeAsync()
        {
            await _insertEvent.DisposeAsync();
            await _insertKey.DisposeAsync();
        }
    }
}
