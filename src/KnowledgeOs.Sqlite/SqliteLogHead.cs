using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// The log's head as this process last read it, read again only when another connection has committed since. SQLite's
/// <c>PRAGMA data_version</c> on a connection kept open changes exactly when some other connection commits (this
/// process's writer, or any other process), never for the connection's own work, and it reads a counter in the WAL's
/// shared memory: so the idle polls of a change feed (<c>kos mcp</c>, <c>kos serve</c> on SQLite) look at one number
/// instead of reading the table.
/// </summary>
/// <param name="open">Opens the connection kept for the looks (a read connection of the store).</param>
/// <param name="headSql">The head's query (the dialect's).</param>
internal sealed class SqliteLogHead(Func<CancellationToken, Task<SqliteConnection>> open, string headSql) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SqliteConnection? _db;
    private long? _version;
    private long _head;

    /// <summary>The newest committed position: the one read last while no other connection has committed since.</summary>
    public async Task<long> ReadAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            _db ??= await open(ct);
            // Taken before the head: a commit after this look changes it, so the next look reads the head again.
            var version = Scalar(_db, "PRAGMA data_version");
            if (version == _version) return _head;
            _head = Scalar(_db, headSql);
            _version = version;
            return _head;
        }
        catch
        {
            // A connection that failed once is not trusted with the next look.
            await CloseAsync();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static long Scalar(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task CloseAsync()
    {
        _version = null;
        if (_db is { } db) await db.DisposeAsync();
        _db = null;
    }

    /// <summary>Closes the kept connection (the store is closing).</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await CloseAsync();
        }
        finally
        {
            _gate.Release();
        }
    }
}
