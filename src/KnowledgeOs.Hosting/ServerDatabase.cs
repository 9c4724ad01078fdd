using System.Data.Common;
using System.Globalization;
using KnowledgeOs.Postgres;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Hosting;

/// <summary>
/// The server's own tables (API keys, HTTP idempotency, a readiness probe row) in the event store's database — the SQLite file or the
/// PostgreSQL schema — so one database is the whole state and every server on it sees the same keys. The SQL is
/// written once for both (named <c>@parameters</c>, <c>ON CONFLICT</c>, timestamps as ISO-8601 text); only the
/// table definitions differ.
/// </summary>
public sealed class ServerDatabase
{
    // One definition for both databases; only the binary column type differs.
    private const string Tables = """
        CREATE TABLE IF NOT EXISTS server_api_keys (
            id TEXT PRIMARY KEY, team TEXT NOT NULL, name TEXT NOT NULL, scopes TEXT NOT NULL, hash {0} NOT NULL,
            created_at TEXT NOT NULL, revoked_at TEXT);
        DROP TABLE IF EXISTS server_idempotency;
        CREATE TABLE IF NOT EXISTS server_probe (id INTEGER PRIMARY KEY, written_at TEXT NOT NULL);
        """;

    // Columns added after the first release, with the same type on both databases; added to older tables at start.
    // (server_idempotency's two are gone with the table: an HTTP Idempotency-Key is a commit key of the store now.)
    private static readonly (string Table, string Column, string Type)[] AddedColumns = [];

    private static readonly string SqliteSchema = string.Format(CultureInfo.InvariantCulture, Tables, "BLOB");

    // Two servers starting at once would race on CREATE TABLE IF NOT EXISTS (it is not atomic in PostgreSQL): the
    // transaction-scoped advisory lock makes the second wait for the first. The key is "kos:srv" as a number.
    private static readonly string PostgresSchema =
        "SELECT pg_advisory_xact_lock(7957935410828161);\n" + string.Format(CultureInfo.InvariantCulture, Tables, "BYTEA");

    private readonly DbDataSource _source;
    private readonly bool _sqlite;

    private ServerDatabase(DbDataSource source, bool sqlite, string where)
    {
        _source = source;
        _sqlite = sqlite;
        Where = where;
    }

    /// <summary>The database, for messages (a path, or host:port/database).</summary>
    public string Where { get; }

    /// <summary>The server tables in the database of an open event store, created when missing.</summary>
    /// <exception cref="StorageException">The database cannot be reached or the tables cannot be created.</exception>
    public static Task<ServerDatabase> OpenAsync(IEventStore store, CancellationToken ct) => store switch
    {
        SqliteEventStore sqlite => OpenSqliteAsync(sqlite.Path, ct),
        PostgresEventStore postgres => CreateAsync(new ServerDatabase(postgres.DataSource, sqlite: false, postgres.Where), ct),
        _ => throw new StorageException($"A {store.GetType().Name} has no place for the server's tables."),
    };

    /// <summary>The server tables in an SQLite file the event store has created.</summary>
    /// <exception cref="StorageException">The file does not exist or cannot be opened.</exception>
    public static Task<ServerDatabase> OpenSqliteAsync(string path, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new StorageException($"{full} does not exist; open the event store first.");
        // Pooled, waiting up to 30 s for the store's writer; the pool is Microsoft.Data.Sqlite's, per connection string.
        var connection = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        return CreateAsync(new ServerDatabase(SqliteFactory.Instance.CreateDataSource(connection), sqlite: true, full), ct);
    }

    /// <summary>Opens a connection from the pool.</summary>
    /// <exception cref="StorageException">The database cannot be reached.</exception>
    public async Task<DbConnection> OpenConnectionAsync(CancellationToken ct)
    {
        DbConnection? db = null;
        try
        {
            db = await _source.OpenConnectionAsync(ct);
            if (_sqlite)
            {
                // NORMAL is enough here: in WAL mode the store's next FULL commit syncs these frames too, so an
                // idempotency claim is durable before the append it guards.
                await using var pragma = Command(db, "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;");
                await pragma.ExecuteNonQueryAsync(ct);
            }
            return db;
        }
        catch (DbException ex)
        {
            if (db is not null) await db.DisposeAsync();
            throw new StorageException($"Cannot open {Where}: {ex.Message}", ex);
        }
    }

    /// <summary>A command with named parameters (<c>@name</c> in the SQL), null values sent as SQL NULL.</summary>
    public static DbCommand Command(DbConnection db, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        DbCommands.Create(db, sql, parameters);

    /// <summary>
    /// Proves the database takes a write now (disk full, a read-only file or server, a lock held too long all fail
    /// it): one row rewritten in a transaction, within <paramref name="ct"/>.
    /// </summary>
    /// <exception cref="StorageException">The write failed.</exception>
    public async Task ProbeWriteAsync(TimeProvider time, CancellationToken ct)
    {
        await using var db = await OpenConnectionAsync(ct);
        try
        {
            await using var tx = await db.BeginTransactionAsync(ct);
            await using var write = Command(db, """
                INSERT INTO server_probe (id, written_at) VALUES (1, @at)
                ON CONFLICT (id) DO UPDATE SET written_at = excluded.written_at
                """, ("at", time.GetUtcNow().UtcDateTime.ToString("O", CultureInfo.InvariantCulture)));
            write.Transaction = tx;
            await write.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbException ex)
        {
            throw new StorageException($"Cannot write to {Where}: {ex.Message}", ex);
        }
    }

    private static async Task AddMissingColumnsAsync(DbConnection db, DbTransaction tx, CancellationToken ct)
    {
        foreach (var table in AddedColumns.Select(c => c.Table).Distinct(StringComparer.Ordinal))
        {
            // Both databases describe a result's columns, so one query finds what an older table lacks.
            var have = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            await using (var probe = Command(db, $"SELECT * FROM {table} WHERE 1 = 0"))
            {
                probe.Transaction = tx;
                await using var r = await probe.ExecuteReaderAsync(ct);
                for (var i = 0; i < r.FieldCount; i++) have.Add(r.GetName(i));
            }
            foreach (var (_, column, type) in AddedColumns.Where(c => c.Table == table && !have.Contains(c.Column)))
            {
                await using var alter = Command(db, $"ALTER TABLE {table} ADD COLUMN {column} {type}");
                alter.Transaction = tx;
                await alter.ExecuteNonQueryAsync(ct);
            }
        }
    }

    private static async Task<ServerDatabase> CreateAsync(ServerDatabase database, CancellationToken ct)
    {
        await using var db = await database.OpenConnectionAsync(ct);
        try
        {
            await using var tx = await db.BeginTransactionAsync(ct);
            await using var create = Command(db, database._sqlite ? SqliteSchema : PostgresSchema);
            create.Transaction = tx;
            await create.ExecuteNonQueryAsync(ct);
            await AddMissingColumnsAsync(db, tx, ct);
            await tx.CommitAsync(ct);
        }
        catch (DbException ex)
        {
            throw new StorageException($"Cannot create the server's tables in {database.Where}: {ex.Message}", ex);
        }
        return database;
    }
}
