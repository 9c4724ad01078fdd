using System.Runtime.CompilerServices;
using KnowledgeOs.Storage;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// Whole-store export, import and online backup of an SQLite store file (<c>kos migrate</c>, <c>kos backup</c>,
/// <c>kos restore</c>). It uses connections of its own, so it works beside a running server: SQLite's WAL gives a
/// reader one consistent snapshot while writers go on.
/// </summary>
public sealed class SqliteStoreArchive(string path) : IStoreArchive
{
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The store file.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <inheritdoc/>
    /// <remarks>One read transaction: events and keys come from the same WAL snapshot while appends go on.</remarks>
    public async IAsyncEnumerable<ArchiveRecord> ExportAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = Open(SqliteOpenMode.ReadOnly);
        Execute(db, "BEGIN");
        await using (var events = db.CreateCommand())
        {
            events.CommandText = "SELECT position, stream, version, type, data, recorded_at FROM events ORDER BY position";
            await using var reader = await events.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                yield return new RawEvent(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                    reader.GetString(4), RecordedAt.Read(reader.GetString(5)));
            }
        }
        await using (var keys = db.CreateCommand())
        {
            keys.CommandText = "SELECT team, key, request_hash, last_position, event_count, recorded_at FROM idempotency ORDER BY team, key";
            await using var reader = await keys.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                yield return new IdempotencyRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                    reader.GetInt32(4), RecordedAt.Read(reader.GetString(5)));
            }
        }
        Execute(db, "COMMIT");
    }

    /// <inheritdoc/>
    public async Task<ArchiveSummary> ImportAsync(IAsyncEnumerable<ArchiveRecord> records, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(records);
        // Creates the file and schema when missing, exactly as a store does.
        await (await SqliteEventStore.OpenAsync(Path, TimeProvider.System, ct)).DisposeAsync();
        await using var db = Open(SqliteOpenMode.ReadWrite);
        GroupCommitWriter.BeginImmediate(db, Path, BusyTimeout);
        try
        {
            using (var count = db.CreateCommand())
            {
                count.CommandText = "SELECT EXISTS (SELECT 1 FROM events) OR EXISTS (SELECT 1 FROM idempotency)";
                if ((long)count.ExecuteScalar()! != 0)
                    throw new StorageException($"Cannot import into {Path}: the store already holds events. Import into an empty store.");
            }
            using var replay = new ArchiveReplay();
            using var insertEvent = ProjectionRows.Command(db,
                "INSERT INTO events (position, stream, version, type, data, recorded_at) VALUES ($p, $s, $v, $t, $d, $at)",
                "$p", "$s", "$v", "$t", "$d", "$at");
            using var insertKey = ProjectionRows.Command(db, """
                INSERT INTO idempotency (team, key, request_hash, last_position, event_count, recorded_at)
                VALUES ($team, $key, $hash, $position, $count, $at)
                """, "$team", "$key", "$hash", "$position", "$count", "$at");
            await foreach (var record in records.WithCancellation(ct))
            {
                replay.Add(record);
                switch (record)
                {
                    case RawEvent e:
                        ProjectionRows.Set(insertEvent, e.Position, e.Stream, e.Version, e.Type, e.Data, RecordedAt.Write(CommitRules.RecordedAt(e.RecordedAt)));
                        insertEvent.ExecuteNonQuery();
                        break;
                    case IdempotencyRecord k:
                        ProjectionRows.Set(insertKey, k.Team, k.Key, k.RequestHash, k.LastPosition, k.EventCount, RecordedAt.Write(CommitRules.RecordedAt(k.RecordedAt)));
                        insertKey.ExecuteNonQuery();
                        break;
                }
            }
            Execute(db, "DELETE FROM items; DELETE FROM experts; DELETE FROM streams;");
            using var insertStream = ProjectionRows.Command(db,
                "INSERT INTO streams (stream, team, expert, version, position) VALUES ($stream, $team, $expert, $version, $position)",
                "$stream", "$team", "$expert", "$version", "$position");
            using var rows = new ProjectionRows(db);
            foreach (var (stream, state, version, position) in replay.Streams)
            {
                ProjectionRows.Set(insertStream, stream.ToString(), stream.Team, stream.Expert, version, position);
                insertStream.ExecuteNonQuery();
                rows.Write(stream, version, ExpertRow.From(state), state.Items.Values.Select(ItemRow.From), []);
            }
            Execute(db, "COMMIT");
            return replay.Summary();
        }
        catch (Exception ex)
        {
            Execute(db, "ROLLBACK");
            throw ex is StorageException or OperationCanceledException ? ex : SqliteErrors.Map(Path, ex);
        }
    }

    /// <summary>
    /// Writes a consistent copy of the store to <paramref name="target"/> (<c>VACUUM INTO</c>: one read snapshot,
    /// so appends may go on meanwhile), then reads the copy back and returns what it holds.
    /// </summary>
    /// <exception cref="StorageException">The target exists, or the copy cannot be written.</exception>
    public async Task<ArchiveSummary> BackupAsync(string target, CancellationToken ct)
    {
        target = System.IO.Path.GetFullPath(target);
        if (File.Exists(target)) throw new StorageException($"{target} already exists; back up to a new file.");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        await using (var db = Open(SqliteOpenMode.ReadOnly))
        {
            await using var vacuum = db.CreateCommand();
            vacuum.CommandText = "VACUUM INTO $target";
            vacuum.Parameters.AddWithValue("$target", target);
            try
            {
                await vacuum.ExecuteNonQueryAsync(ct);
            }
            catch (SqliteException ex)
            {
                throw SqliteErrors.Map(target, ex);
            }
        }
        return await ArchiveHash.OfAsync(new SqliteStoreArchive(target).ExportAsync(ct), ct);
    }

    /// <summary>True when the file starts with SQLite's header (a backup made by <see cref="BackupAsync"/>).</summary>
    public static bool IsSqliteFile(string file)
    {
        Span<byte> header = stackalloc byte[16];
        using var stream = File.OpenRead(file);
        return stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && header.SequenceEqual("SQLite format 3\0"u8);
    }

    private SqliteConnection Open(SqliteOpenMode mode)
    {
        if (mode == SqliteOpenMode.ReadOnly && !File.Exists(Path)) throw new StorageException($"{Path} does not exist.");
        var db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ConnectionString);
        try
        {
            db.Open();
            Execute(db, $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}");
            if (mode == SqliteOpenMode.ReadOnly)
            {
                using var check = db.CreateCommand();
                check.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('events', 'idempotency')";
                if ((long)check.ExecuteScalar()! != 2) throw new StorageException($"{Path} is not a KnowledgeOS database: it has no events.");
            }
            return db;
        }
        catch (Exception ex)
        {
            db.Dispose();
            throw ex is StorageException ? ex : SqliteErrors.Map(Path, ex);
        }
    }

    private static void Execute(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
