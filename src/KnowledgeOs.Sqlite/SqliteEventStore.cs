using System.Data.Common;
using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// The event store in one SQLite file (WAL, <c>synchronous=FULL</c>): appends go through one group-commit
/// writer, reads use pooled connections of their own. Several processes may use the same file at once.
/// </summary>
public sealed partial class SqliteEventStore : RelationalEventStore<SqliteConnection>
{
    /// <summary>
    /// SQLite's spellings in the reads: JSON is stored as text, a time as fixed-width ISO text (<see cref="RecordedAt"/>),
    /// the team as the <c>events_by_team</c> index spells it (migration 7), and the head is the largest position (the
    /// rowid: max() reads the last page of the table, not the table).
    /// </summary>
    internal static readonly ReadDialect Reads = new("data", "substr(stream, 1, instr(stream, '/') - 1)",
        "SELECT coalesce(max(position), 0) FROM events", at => RecordedAt.Write(at), (reader, i) => RecordedAt.Read(reader.GetString(i)));

    private readonly string _readConnection;

    // The head, read again only after another connection's commit (PRAGMA data_version).
    private readonly SqliteLogHead _head;

    // Documents a query word may be held by and still count as rare (SqliteStoreOptions.FrequentWord).
    private readonly int _frequentWord;

    private SqliteEventStore(string path, string readConnection, GroupCommitWriter writer, int frequentWord)
        : base(writer, Reads, Snapshots)
    {
        Path = path;
        _readConnection = readConnection;
        _frequentWord = frequentWord;
        _head = new SqliteLogHead(OpenReadAsync, Reads.HeadPosition);
    }

    /// <summary>What the writer's committed batches cost SQLite so far: pages fetched, rows changed.</summary>
    public SqliteWriterWork WriterWork => ((GroupCommitWriter)Writer).Work;

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating when missing) the store at <paramref name="path"/> with default options.</summary>
    /// <exception cref="StorageException">The file is not a KnowledgeOS database, cannot be written, or stays locked.</exception>
    public static Task<SqliteEventStore> OpenAsync(string path, TimeProvider time, CancellationToken ct) =>
        OpenAsync(path, time, SqliteStoreOptions.Default, ct);

    /// <summary>Opens (creating when missing) the store at <paramref name="path"/>: folder, file and schema.</summary>
    /// <exception cref="StorageException">The file is not a KnowledgeOS database, cannot be written, or stays locked.</exception>
    public static Task<SqliteEventStore> OpenAsync(string path, TimeProvider time, SqliteStoreOptions options, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(options);
        ct.ThrowIfCancellationRequested();
        // Opening is short, synchronous SQLite work; run it off the caller's thread so a busy wait does not block it.
        return Task.Run(() => Open(System.IO.Path.GetFullPath(path), time, options), ct);
    }

    private static SqliteEventStore Open(string path, TimeProvider time, SqliteStoreOptions options)
    {
        CheckFile(path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            // Microsoft.Data.Sqlite retries busy statements for this long; the writer keeps its own backoff loop.
            DefaultTimeout = 1,
        };
        var db = new SqliteConnection(builder.ConnectionString);
        try
        {
            db.Open();
            if (SQLitePCL.raw.sqlite3_db_readonly(db.Handle, "main") == 1) throw SqliteErrors.ReadOnlyFile(path);
            Execute(db, $"PRAGMA busy_timeout = {Math.Min(1000, (int)options.BusyTimeout.TotalMilliseconds)}");
            SetWal(db, path, options.BusyTimeout);
            // FULL: a commit is fsynced before it is acknowledged; group commit pays for it once per batch.
            Execute(db, "PRAGMA synchronous = FULL");
            // Without a limit the WAL file keeps the size of the largest batch (an import) forever.
            Execute(db, "PRAGMA journal_size_limit = 67108864");
            // Each commit of a batch runs in a savepoint and each statement in its own statement journal: SQLite copies
            // every page a commit touches there, and on disk (temp_store FILE, the default) spilled each transaction's
            // copies into a new temp file, ≈180 writes per learned report. In memory the copies cost a memcpy; they
            // only serve a rollback to a savepoint inside the open transaction, so durability is unchanged.
            Execute(db, "PRAGMA temp_store = MEMORY");
            // An up-to-date file (every open but the first) needs no write lock, so opening does not wait for other writers.
            if (!Schema.IsCurrent(db))
            {
                GroupCommitWriter.BeginImmediate(db, path, options.BusyTimeout);
                try
                {
                    Schema.Migrate(db, path, time);
                    Execute(db, "COMMIT");
                }
                catch
                {
                    Execute(db, "ROLLBACK");
                    throw;
                }
            }
        }
        catch (Exception ex)
        {
            db.Dispose();
            SqliteConnection.ClearPool(db);
            throw SqliteErrors.Map(path, ex);
        }
        var read = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)options.BusyTimeout.TotalSeconds),
        };
        return new SqliteEventStore(path, read.ConnectionString, new GroupCommitWriter(db, path, time, options), options.FrequentWord);
    }

    private static void CheckFile(string path)
    {
        if (Directory.Exists(path)) throw new StorageException($"{path} is a folder, not a KnowledgeOS database file.");
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw SqliteErrors.ReadOnlyFile(path, ex);
        }
        if (!File.Exists(path)) return;
        // The header check gives a clear message before SQLite says "file is not a database" on first use.
        Span<byte> header = stackalloc byte[16];
        int read;
        try
        {
            using var file = File.OpenRead(path);
            read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw new StorageException($"cannot read {path}: {ex.Message}", ex);
        }
        if (read == 0) return;
        if (read < header.Length || !header.SequenceEqual("SQLite format 3\0"u8)) throw SqliteErrors.NotSqlite(path);
    }

    private static void SetWal(SqliteConnection db, string path, TimeSpan busyTimeout)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                using var command = db.CreateCommand();
                command.CommandText = "PRAGMA journal_mode = WAL";
                var mode = command.ExecuteScalar() as string;
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                    throw new StorageException($"cannot use {path}: SQLite refused WAL mode (it reports '{mode}').");
                return;
            }
            catch (SqliteException ex) when (SqliteErrors.IsBusy(ex))
            {
                var waited = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                if (waited >= busyTimeout) throw SqliteErrors.LockedTooLong(path, waited, ex);
                Thread.Sleep(Random.Shared.Next(5, 50));
            }
        }
    }

    /// <summary>SQLite's part of the snapshot reads: the caller's deferred transaction is their one moment of the log.</summary>
    private static readonly SnapshotDialect Snapshots = new("e.data", Begin: null, Commit: null);

    /// <inheritdoc/>
    protected override Task<DbTransaction?> BeginSnapshotReadAsync(SqliteConnection db, CancellationToken ct) =>
        Task.FromResult<DbTransaction?>(db.BeginTransaction(deferred: true));

    /// <summary>A PRAGMA's value as the writer connection has it (its settings are per connection, so no other connection can tell).</summary>
    internal async Task<object?> WriterPragmaAsync(string name, CancellationToken ct)
    {
        object? value = null;
        await Writer.RunExclusiveAsync((db, _) =>
        {
            using var command = db.CreateCommand();
            command.CommandText = $"PRAGMA {name}";
            value = command.ExecuteScalar();
            return Task.CompletedTask;
        }, retry: false, ct);
        return value;
    }

    /// <summary>None needed: one server writes a file (the CLI beside it is rare), and the version check settles the rest.</summary>
    public override Task<IStreamLease> LeaseAsync(IReadOnlyList<StreamId> streams, CancellationToken ct) => NoLease.Completed;

    /// <inheritdoc/>
    /// <remarks>Nearly free while no connection commits: a look at SQLite's change counter, not a query of the log.</remarks>
    public override Task<long> HeadPositionAsync(CancellationToken ct)
    {
        ThrowIfDisposed();
        return _head.ReadAsync(ct);
    }

    /// <summary>Finishes every queued append, then closes the file.</summary>
    public override async ValueTask DisposeAsync()
    {
        if (!MarkDisposed()) return;
        await Writer.DisposeAsync();
        await _head.DisposeAsync();
        // Pooled read connections would otherwise keep the file open after the store is gone.
        using var pooled = new SqliteConnection(_readConnection);
        SqliteConnection.ClearPool(pooled);
    }

    /// <inheritdoc/>
    protected override async Task<SqliteConnection> OpenReadAsync(CancellationToken ct)
    {
        ThrowIfDisposed();
        var db = new SqliteConnection(_readConnection);
        try
        {
            await db.OpenAsync(ct);
            return db;
        }
        catch (SqliteException ex)
        {
            await db.DisposeAsync();
            throw SqliteErrors.Map(Path, ex);
        }
    }

    private static SqliteCommand Query(SqliteConnection db, string sql, params (string Name, object Value)[] parameters)
    {
        var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }

    private static void Execute(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
