using System.Runtime.CompilerServices;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// The event store in one SQLite file (WAL, <c>synchronous=FULL</c>): appends go through one group-commit
/// writer, reads use pooled connections of their own. Several processes may use the same file at once.
/// </summary>
public sealed partial class SqliteEventStore : IEventStore
{
    private readonly string _readConnection;
    private readonly GroupCommitWriter _writer;
    private int _disposed;

    private SqliteEventStore(string path, string readConnection, GroupCommitWriter writer)
    {
        Path = path;
        _readConnection = readConnection;
        _writer = writer;
    }

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
        return new SqliteEventStore(path, read.ConnectionString, new GroupCommitWriter(db, path, time, options));
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

    /// <inheritdoc/>
    public Task<AppendResult> AppendAsync(Commit commit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _writer.AppendAsync(commit, ct);
    }

    /// <summary>SQLite's part of the snapshot reads: the caller's deferred transaction is their one moment of the log.</summary>
    private static readonly SnapshotDialect Snapshots = new("e.data", Begin: null, Commit: null);

    /// <inheritdoc/>
    public async Task<Snapshot?> LoadAsync(StreamId stream, CancellationToken ct)
    {
        await using var db = await OpenReadAsync(ct);
        using var tx = db.BeginTransaction(deferred: true);
        return await SnapshotLoader.LoadAsync(db, tx, Snapshots, stream, ct);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Snapshot>> ListAsync(string team, CancellationToken ct)
    {
        await using var db = await OpenReadAsync(ct);
        using var tx = db.BeginTransaction(deferred: true);
        return await SnapshotLoader.ListAsync(db, tx, Snapshots, team, ct);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> TeamsAsync(CancellationToken ct)
    {
        await using var db = await OpenReadAsync(ct);
        await using var command = Query(db, "SELECT DISTINCT team FROM experts ORDER BY team");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<string>();
        while (await reader.ReadAsync(ct)) list.Add(reader.GetString(0));
        return list;
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<StoredEvent> ReadStreamAsync(StreamId stream, DateTimeOffset? recordedUpTo, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await OpenReadAsync(ct);
        await using var command = recordedUpTo is { } upTo
            ? Query(db, "SELECT position, stream, version, type, data, recorded_at FROM events WHERE stream = $stream AND recorded_at <= $upTo ORDER BY version",
                ("$stream", stream.ToString()), ("$upTo", RecordedAt.Write(upTo)))
            : Query(db, "SELECT position, stream, version, type, data, recorded_at FROM events WHERE stream = $stream ORDER BY version",
                ("$stream", stream.ToString()));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) yield return ReadEvent(reader);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<StoredEvent> ReadStreamAfterAsync(StreamId stream, long afterVersion, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await OpenReadAsync(ct);
        await using var command = Query(db, "SELECT position, stream, version, type, data, recorded_at FROM events WHERE stream = $stream AND version > $after ORDER BY version",
            ("$stream", stream.ToString()), ("$after", afterVersion));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) yield return ReadEvent(reader);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<StoredEvent> ReadAllAsync(long afterPosition, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await OpenReadAsync(ct);
        await using var command = Query(db, "SELECT position, stream, version, type, data, recorded_at FROM events WHERE position > $after ORDER BY position",
            ("$after", afterPosition));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) yield return ReadEvent(reader);
    }

    /// <summary>The team of a stored stream name, spelled exactly as the <c>events_by_team</c> index is (migration 7).</summary>
    private const string TeamOfStream = "substr(stream, 1, instr(stream, '/') - 1)";

    /// <inheritdoc/>
    public async IAsyncEnumerable<StoredEvent> ReadTeamAfterAsync(string team, long afterPosition, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await OpenReadAsync(ct);
        await using var command = Query(db, $"SELECT position, stream, version, type, data, recorded_at FROM events WHERE {TeamOfStream} = $team AND position > $after ORDER BY position",
            ("$team", team), ("$after", afterPosition));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) yield return ReadEvent(reader);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<StoredEvent>> ReadTeamLatestAsync(string team, int count, CancellationToken ct)
    {
        await using var db = await OpenReadAsync(ct);
        await using var command = Query(db, $"SELECT position, stream, version, type, data, recorded_at FROM events WHERE {TeamOfStream} = $team ORDER BY position DESC LIMIT $count",
            ("$team", team), ("$count", count));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<StoredEvent>();
        while (await reader.ReadAsync(ct)) list.Add(ReadEvent(reader));
        return list;
    }

    /// <inheritdoc/>
    public async Task<long> HeadPositionAsync(CancellationToken ct)
    {
        await using var db = await OpenReadAsync(ct);
        // position is the rowid: max() reads the last page of the table, not the table.
        await using var command = Query(db, "SELECT coalesce(max(position), 0) FROM events");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <inheritdoc/>
    public Task ReplaceProjectionsAsync(IReadOnlyList<(StreamId Stream, Snapshot Snapshot)> projections, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(projections);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _writer.RunExclusiveAsync((db, _) =>
        {
            ProjectionRebuild.Replace(db, projections);
            return Task.CompletedTask;
        }, retry: false, ct);
    }

    /// <summary>A PRAGMA's value as the writer connection has it (its settings are per connection, so no other connection can tell).</summary>
    internal async Task<object?> WriterPragmaAsync(string name, CancellationToken ct)
    {
        object? value = null;
        await _writer.RunExclusiveAsync((db, _) =>
        {
            using var command = db.CreateCommand();
            command.CommandText = $"PRAGMA {name}";
            value = command.ExecuteScalar();
            return Task.CompletedTask;
        }, retry: false, ct);
        return value;
    }

    /// <summary>None needed: one server writes a file (the CLI beside it is rare), and the version check settles the rest.</summary>
    public Task<IStreamLease> LeaseAsync(IReadOnlyList<StreamId> streams, CancellationToken ct) => NoLease.Completed;

    /// <inheritdoc/>
    public async Task<long> CountEventsAsync(CancellationToken ct)
    {
        await using var db = await OpenReadAsync(ct);
        await using var command = Query(db, "SELECT count(*) FROM events");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Finishes every queued append, then closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _writer.DisposeAsync();
        // Pooled read connections would otherwise keep the file open after the store is gone.
        using var pooled = new SqliteConnection(_readConnection);
        SqliteConnection.ClearPool(pooled);
    }

    private async Task<SqliteConnection> OpenReadAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
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

    private static StoredEvent ReadEvent(SqliteDataReader reader)
    {
        var type = reader.GetString(3);
        return new StoredEvent(reader.GetInt64(0), StreamId.Parse(reader.GetString(1)), reader.GetInt64(2), type,
            EventTypes.Deserialize(type, reader.GetString(4)), RecordedAt.Read(reader.GetString(5)));
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
