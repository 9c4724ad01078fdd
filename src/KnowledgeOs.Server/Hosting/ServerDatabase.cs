using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Server.Hosting;

/// <summary>
/// The server's own two tables (API keys, HTTP idempotency) in the event store's SQLite file, so one file is
/// the whole state. Opened after the event store has created or migrated the file.
/// </summary>
public static class ServerDatabase
{
    private const string SchemaSql = """
        CREATE TABLE IF NOT EXISTS server_api_keys (
            id          TEXT    PRIMARY KEY,
            team        TEXT    NOT NULL,
            name        TEXT    NOT NULL,
            scopes      TEXT    NOT NULL,
            hash        BLOB    NOT NULL,
            created_at  TEXT    NOT NULL,
            revoked_at  TEXT
        );
        CREATE TABLE IF NOT EXISTS server_idempotency (
            team          TEXT    NOT NULL,
            client        TEXT    NOT NULL,
            key           TEXT    NOT NULL,
            request_hash  TEXT    NOT NULL,
            status        INTEGER,
            content_type  TEXT,
            etag          TEXT,
            location      TEXT,
            body          BLOB,
            created_at    TEXT    NOT NULL,
            PRIMARY KEY (team, client, key)
        );
        CREATE INDEX IF NOT EXISTS server_idempotency_by_age ON server_idempotency (created_at);
        """;

    /// <summary>A connection string for the file: pooled, waiting up to 30 s for the store's writer.</summary>
    public static string ConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = Path.GetFullPath(path),
        Mode = SqliteOpenMode.ReadWrite,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>Opens a connection. <c>synchronous=NORMAL</c> is enough here: in WAL mode the store's next
    /// FULL commit syncs these frames too, so an idempotency claim is durable before the append it guards.</summary>
    public static async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken ct)
    {
        var db = new SqliteConnection(connectionString);
        try
        {
            await db.OpenAsync(ct);
            await using var pragma = db.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;";
            await pragma.ExecuteNonQueryAsync(ct);
            return db;
        }
        catch (SqliteException ex)
        {
            await db.DisposeAsync();
            throw new StorageException($"Cannot open {db.DataSource}: {ex.Message}", ex);
        }
    }

    /// <summary>Creates the server's tables when missing.</summary>
    public static async Task EnsureSchemaAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path)) throw new StorageException($"{path} does not exist; open the event store first.");
        await using var db = await OpenAsync(ConnectionString(path), ct);
        await using var command = db.CreateCommand();
        command.CommandText = SchemaSql;
        await command.ExecuteNonQueryAsync(ct);
    }
}
