using Npgsql;

namespace KnowledgeOs.Postgres;

/// <summary>The statements of the writer lease per lock group (<see cref="PgGroupLeases"/>), on its own connection; a
/// group's <c>key</c> is <see cref="PgGroupLeases.Key"/>.</summary>
internal static class PgLeaseSql
{
    private const string Lock = "SELECT pg_advisory_lock(hashtext(@schema), hashtext(@key))";

    /// <summary>Where the team's streams stand, read once the lock is granted (nobody else moves them now).</summary>
    private const string Versions = "SELECT stream, version FROM streams WHERE left(stream, length(@prefix)) = @prefix";

    /// <summary>Whether another session waits for the group's lock (an advisory lock with two int4 keys has objsubid 2).</summary>
    private const string Waiting = """
        SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objsubid = 2
            AND classid = hashtext(@schema)::oid AND objid = hashtext(@key)::oid
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))
        """;

    private const string Unlock = "SELECT pg_advisory_unlock(hashtext(@schema), hashtext(@key))";

    /// <summary>Waits for the group's lock, then reads the versions of its team's streams: one round trip.</summary>
    public static async Task<Dictionary<string, long>> LockAsync(NpgsqlConnection db, string schema, string team, string key, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(db);
        batch.BatchCommands.Add(Command(Lock, schema, key));
        var versions = new NpgsqlBatchCommand(Versions);
        versions.Parameters.AddWithValue("prefix", team + "/");
        batch.BatchCommands.Add(versions);
        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct)) found[reader.GetString(0)] = reader.GetInt64(1);
        return found;
    }

    /// <summary>Whether another server waits for the group's lock; throws when the connection (and so the lock) is lost.</summary>
    public static async Task<bool> OthersWaitAsync(NpgsqlConnection db, string schema, string key, CancellationToken ct)
    {
        await using var command = Command(Waiting, schema, key, db);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Releases the group's lock; the connection can go back to the pool afterwards.</summary>
    public static async Task UnlockAsync(NpgsqlConnection db, string schema, string key, CancellationToken ct)
    {
        await using var command = Command(Unlock, schema, key, db);
        await command.ExecuteScalarAsync(ct);
    }

    /// <summary>
    /// Closes a lease connection whose state is unknown (a lock wait cancelled or timed out may have been granted just
    /// then): every advisory lock of the session is dropped first, as a pooled connection keeps its session. A broken
    /// connection is discarded by Npgsql, its session (and locks) ending with it.
    /// </summary>
    public static async Task AbandonAsync(NpgsqlConnection db)
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", db) { CommandTimeout = 5 };
            await command.ExecuteScalarAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or InvalidOperationException)
        {
            // Broken: Npgsql will not pool it.
        }
        await db.DisposeAsync();
    }

    private static NpgsqlBatchCommand Command(string sql, string schema, string key)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("schema", schema);
        command.Parameters.AddWithValue("key", key);
        return command;
    }

    private static NpgsqlCommand Command(string sql, string schema, string key, NpgsqlConnection db)
    {
        var command = new NpgsqlCommand(sql, db);
        command.Parameters.AddWithValue("schema", schema);
        command.Parameters.AddWithValue("key", key);
        return command;
    }
}
