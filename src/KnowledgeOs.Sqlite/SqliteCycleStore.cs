using System.Data.Common;
using System.Globalization;
using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// The learning cycle's tables (<see cref="RelationalCycleStore"/>) in the event store's SQLite file, created if
/// missing, never touching the event tables; times are Unix milliseconds.
/// </summary>
public sealed class SqliteCycleStore : RelationalCycleStore
{
    private static readonly string Create = CreateTables("TEXT", "INTEGER");

    private readonly string _connection;

    private SqliteCycleStore(string connection) => _connection = connection;

    /// <summary>Opens the cycle tables in an existing KnowledgeOS database (open the event store on it first).</summary>
    /// <exception cref="StorageException">The file is missing or not a KnowledgeOS database.</exception>
    public static async Task<SqliteCycleStore> OpenAsync(string path, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new StorageException($"{full} does not exist; open the event store on it first.");
        var connection = new SqliteConnectionStringBuilder
        {
            DataSource = full, Mode = SqliteOpenMode.ReadWrite, Pooling = true, DefaultTimeout = 30,
        }.ConnectionString;
        var store = new SqliteCycleStore(connection);
        await store.RunAsync(async (db, token) =>
        {
            await using (var check = DbCommands.Create(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"))
            {
                if (Convert.ToInt64(await check.ExecuteScalarAsync(token), CultureInfo.InvariantCulture) == 0)
                    throw new StorageException($"{full} is not a KnowledgeOS database (no schema_migrations table).");
            }
            await using var create = DbCommands.Create(db, Create);
            return await create.ExecuteNonQueryAsync(token);
        }, ct);
        return store;
    }

    /// <inheritdoc/>
    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearPool(new SqliteConnection(_connection));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    protected override object Time(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    /// <inheritdoc/>
    protected override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    /// <inheritdoc/>
    protected override async Task<T> RunAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        await using var db = new SqliteConnection(_connection);
        try
        {
            await db.OpenAsync(ct);
            await using var pragma = DbCommands.Create(db, "PRAGMA busy_timeout = 30000");
            await pragma.ExecuteNonQueryAsync(ct);
        }
        catch (SqliteException ex)
        {
            throw new StorageException($"cannot use the cycle tables: {ex.Message}", ex);
        }
        return await work(db, ct);
    }
}
