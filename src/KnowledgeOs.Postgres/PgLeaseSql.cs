using KnowledgeOs.Storage;
using Npgsql;

namespace KnowledgeOs.Postgres;

/// <summary>The statements of the writer lease per lock group (<see cref="PgGroupLeases"/>), on its own connection; a
/// group's <c>key</c> is <see cref="PgGroupLeases.Key"/>. Taking a free lease and letting it go are one round trip each;
/// taking one another server holds is one more, made while that server still holds it.</summary>
internal static class PgLeaseSql
{
    private const string Lock = "SELECT pg_advisory_lock(hashtext(@schema), hashtext(@key))";

    /// <summary>
    /// Takes the group's lock when it is free; else asks its holder to let go (a notification, delivered when this
    /// statement's transaction ends: at once). Notes which in the session (<c>kos.lease</c>) for the reads after it.
    /// </summary>
    private const string TryOrAsk = """
        SELECT set_config('kos.lease', CASE WHEN pg_try_advisory_lock(hashtext(@schema), hashtext(@key)) THEN 'held'
            ELSE (SELECT 'asked' FROM pg_notify(@channel, @payload)) END, false)
        """;

    /// <summary>Reads after <see cref="TryOrAsk"/> return rows only when it took the lock.</summary>
    private const string IfHeld = " AND current_setting('kos.lease') = 'held'";

    /// <summary>Where the team's streams stand, read once the lock is granted (nobody else moves them now).</summary>
    private const string Versions = "SELECT stream, version FROM streams WHERE left(stream, length(@prefix)) = @prefix";

    /// <summary>Whether another session waits for the group's lock (an advisory lock with two int4 keys has objsubid 2).</summary>
    private const string Waiting = """
        SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objsubid = 2
            AND classid = hashtext(@schema)::oid AND objid = hashtext(@key)::oid
            AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))
        """;

    private const string Unlock = "SELECT pg_advisory_unlock(hashtext(@schema), hashtext(@key))";

    /// <summary>This process holds the group now: its address and lease connection are noted (<see cref="PgLeaseHolders"/>)
    /// and every server is told the group changed hands (payload <c>+ key</c> on the lease channel).</summary>
    private static string Advertise(string guard) => $"""
        WITH held AS (INSERT INTO lease_holders (key, token, url, pid) SELECT @key, @token, @url, pg_backend_pid() WHERE true{guard}
            ON CONFLICT (key) DO UPDATE SET token = excluded.token, url = excluded.url, pid = excluded.pid RETURNING key)
        SELECT pg_notify(@channel, '+ ' || key) FROM held
        """;

    /// <summary>This process lets the group go: its row goes (if still its own) and every server is told.</summary>
    private const string Unadvertise = """
        WITH gone AS (DELETE FROM lease_holders WHERE key = @key AND token = @token RETURNING key)
        SELECT pg_notify(@channel, '+ ' || key) FROM gone
        """;

    /// <summary>The address of the group's holder, unless it is this process or no longer holds the lock.</summary>
    private const string Holder = """
        SELECT h.url FROM lease_holders h WHERE h.key = @key AND h.token <> @token AND EXISTS (
            SELECT 1 FROM pg_locks l WHERE l.pid = h.pid AND l.granted AND l.locktype = 'advisory' AND l.objsubid = 2
                AND l.classid = hashtext(@schema)::oid AND l.objid = hashtext(@key)::oid)
        """;

    /// <summary>
    /// The team's events after a position, as <c>ReadTeamAfterAsync</c> reads them (the <c>events_by_team</c> index), at
    /// most <c>@limit</c>: what other servers wrote while this process did not hold the lease.
    /// </summary>
    private static string Missed(string guard) => $"""
        SELECT {PostgresEventStore.Reads.EventColumns} FROM events
        WHERE {PostgresEventStore.Reads.TeamOfStream} = @team AND position > @after{guard} ORDER BY position LIMIT @limit
        """;

    /// <summary>
    /// Takes the group's lock, then reads the versions of its team's streams and, given <paramref name="since"/>, the
    /// team's events after it (at most <paramref name="most"/>), in one round trip. Given <paramref name="ask"/> (a
    /// channel and payload) it does not wait: a lock another server holds is asked for on that channel instead, and the
    /// answer is null (call again without <paramref name="ask"/> to wait, the holder being told). Without, it waits for
    /// the lock. The events are null without a mark, or when there are more than <paramref name="most"/>. Given
    /// <paramref name="holder"/> (this process advertises an address), the grant also notes it for other servers.
    /// </summary>
    public static async Task<(Dictionary<string, long> Versions, List<StoredEvent>? Missed)?> LockAsync(NpgsqlConnection db, string schema, string team,
        string key, long? since, int most, (string Channel, string Payload)? ask, Advertised? holder, CancellationToken ct)
    {
        var guard = ask is null ? "" : IfHeld;
        await using var batch = new NpgsqlBatch(db);
        var take = Command(ask is null ? Lock : TryOrAsk, schema, key);
        if (ask is { } asking)
        {
            take.Parameters.AddWithValue("channel", asking.Channel);
            take.Parameters.AddWithValue("payload", asking.Payload);
        }
        batch.BatchCommands.Add(take);
        var versions = new NpgsqlBatchCommand(Versions + guard);
        versions.Parameters.AddWithValue("prefix", team + "/");
        batch.BatchCommands.Add(versions);
        if (since is { } after)
        {
            var missed = new NpgsqlBatchCommand(Missed(guard));
            missed.Parameters.AddWithValue("team", team);
            missed.Parameters.AddWithValue("after", after);
            missed.Parameters.AddWithValue("limit", most + 1);
            batch.BatchCommands.Add(missed);
        }
        if (holder is not null) batch.BatchCommands.Add(holder.Command(Advertise(guard), schema, key));
        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (ask is not null && (!await reader.ReadAsync(ct) || reader.GetString(0) != "held")) return null;
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct)) found[reader.GetString(0)] = reader.GetInt64(1);
        if (since is null || !await reader.NextResultAsync(ct)) return (found, null);
        var events = new List<StoredEvent>();
        while (await reader.ReadAsync(ct))
        {
            if (events.Count == most) return (found, null);
            events.Add(PostgresEventStore.Reads.Event(reader));
        }
        return (found, events);
    }

    /// <summary>Whether another server waits for the group's lock; throws when the connection (and so the lock) is lost.</summary>
    public static async Task<bool> OthersWaitAsync(NpgsqlConnection db, string schema, string key, CancellationToken ct)
    {
        await using var command = Command(Waiting, schema, key, db);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Reads the store's head and then releases the group's lock, in one round trip: while the lock was held nobody else
    /// wrote the group, so every event of it after the returned head is another server's. The connection can go back to
    /// the pool afterwards.
    /// </summary>
    public static async Task<long> UnlockAsync(NpgsqlConnection db, string schema, string key, Advertised? holder, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(db);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(PgLogHead.Read));
        batch.BatchCommands.Add(Command(Unlock, schema, key));
        if (holder is not null) batch.BatchCommands.Add(holder.Command(Unadvertise, schema, key));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var head = await reader.ReadAsync(ct) ? reader.GetInt64(0) : 0;
        // The unlock's own answer (whether the lock was held) is not needed: a lost lock is noticed by the checks.
        await reader.NextResultAsync(ct);
        return head;
    }

    /// <summary>The address where the holder of the group's lease takes forwarded writes, or null when this process holds
    /// it, nobody does, or its holder does not advertise one.</summary>
    public static async Task<string?> HolderAsync(NpgsqlConnection db, string schema, string key, string token, CancellationToken ct)
    {
        await using var command = Command(Holder, schema, key, db);
        command.Parameters.AddWithValue("token", token);
        return await command.ExecuteScalarAsync(ct) as string;
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

    /// <summary>What a process that advertises an address for forwarded writes notes with each grant of its own.</summary>
    /// <param name="Token">The process's lease token.</param>
    /// <param name="Url">Its address.</param>
    /// <param name="Channel">The schema's lease channel, on which the change of hands is announced.</param>
    public sealed record Advertised(string Token, string Url, string Channel)
    {
        internal NpgsqlBatchCommand Command(string sql, string schema, string key)
        {
            var command = PgLeaseSql.Command(sql, schema, key);
            command.Parameters.AddWithValue("token", Token);
            command.Parameters.AddWithValue("url", Url);
            command.Parameters.AddWithValue("channel", Channel);
            return command;
        }
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
