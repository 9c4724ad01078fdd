using System.Runtime.CompilerServices;
using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// Online backup of an SQLite store file (<c>kos backup</c>) and reading such a backup back (<c>kos restore</c>),
/// on connections of their own so that a running server goes on writing meanwhile.
/// </summary>
public static class SqliteBackup
{
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Writes a consistent copy of the store at <paramref name="path"/> to <paramref name="target"/> (<c>VACUUM INTO</c>:
    /// one read snapshot, compacted, so appends go on meanwhile), then reads the copy back and returns what it holds.
    /// </summary>
    /// <exception cref="StorageException">The store is missing, the target exists, or the copy cannot be written.</exception>
    public static async Task<ArchiveSummary> BackupAsync(string path, string target, CancellationToken ct)
    {
        await CopyAsync(path, target, ct);
        return await ArchiveHash.OfAsync(ReadAsync(target, ct), ct);
    }

    /// <summary>
    /// Writes a consistent copy of the whole database file — every table, also the server's — to <paramref name="target"/>
    /// (<c>VACUUM INTO</c>), without reading it back.
    /// </summary>
    /// <exception cref="StorageException">The store is missing, the target exists, or the copy cannot be written.</exception>
    public static async Task CopyAsync(string path, string target, CancellationToken ct)
    {
        path = Path.GetFullPath(path);
        target = Path.GetFullPath(target);
        if (File.Exists(target)) throw new StorageException($"{target} already exists; back up to a new file.");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await using (var db = OpenReadOnly(path))
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
    }

    /// <summary>Every event and key of a store file (a backup), read-only, from one snapshot.</summary>
    /// <exception cref="StorageException">The file is missing or not a KnowledgeOS database.</exception>
    public static async IAsyncEnumerable<ArchiveRecord> ReadAsync(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        path = Path.GetFullPath(path);
        await using var db = OpenReadOnly(path);
        await using var tx = db.BeginTransaction(deferred: true);
        await foreach (var record in ArchiveRows.ReadAsync(db, tx, SqliteEventStore.Reads, DbRows.AsIs, ct)) yield return record;
        await tx.CommitAsync(ct);
    }

    /// <summary>True when the file starts with SQLite's header (a backup made by <see cref="BackupAsync"/>).</summary>
    public static bool IsSqliteFile(string file)
    {
        Span<byte> header = stackalloc byte[16];
        using var stream = File.OpenRead(file);
        return stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length && header.SequenceEqual("SQLite format 3\0"u8);
    }

    private static SqliteConnection OpenReadOnly(string path)
    {
        if (!File.Exists(path)) throw new StorageException($"{path} does not exist.");
        var db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ConnectionString);
        try
        {
            db.Open();
            using var check = db.CreateCommand();
            check.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('events', 'idempotency')";
            if ((long)check.ExecuteScalar()! != 2) throw new StorageException($"{path} is not a KnowledgeOS database: it has no events.");
            return db;
        }
        catch (Exception ex)
        {
            db.Dispose();
            throw ex is StorageException ? ex : SqliteErrors.Map(path, ex);
        }
    }
}
