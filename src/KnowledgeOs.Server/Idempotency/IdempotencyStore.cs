using System.Globalization;
using KnowledgeOs.Server.Hosting;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Server.Idempotency;

/// <summary>A response kept for replay.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="ContentType">Content type.</param>
/// <param name="ETag">ETag header, if any.</param>
/// <param name="Location">Location header, if any.</param>
/// <param name="Body">Body bytes.</param>
public sealed record StoredResponse(int Status, string? ContentType, string? ETag, string? Location, byte[] Body);

/// <summary>What claiming an idempotency key found.</summary>
public enum ClaimOutcome
{
    /// <summary>The key is new (or its earlier attempt died): run the request.</summary>
    Claimed,
    /// <summary>The same request was answered before: replay the stored response.</summary>
    Replay,
    /// <summary>The key was used with a different request: refuse, apply nothing.</summary>
    Mismatch,
    /// <summary>The same request is running right now.</summary>
    InProgress,
}

/// <summary>
/// HTTP <c>Idempotency-Key</c> → response, in the database file. A key is claimed before the request runs, so a
/// concurrent repeat waits for the first instead of applying twice; a claim whose request crashed expires after
/// <see cref="KosServerOptions.IdempotencyLease"/> (a repeat of the same body then runs again, which the domain
/// makes harmless: every write is a no-op when its evidence is already recorded).
/// </summary>
public sealed class IdempotencyStore(string path, KosServerOptions options)
{
    private readonly string _connection = ServerDatabase.ConnectionString(path);

    /// <summary>Claims a key for a request, or finds what it was used for.</summary>
    public async Task<(ClaimOutcome Outcome, StoredResponse? Response)> ClaimAsync(string team, string client, string key, string requestHash, CancellationToken ct)
    {
        await using var db = await ServerDatabase.OpenAsync(_connection, ct);
        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync(ct);
        await using var select = db.CreateCommand();
        select.Transaction = tx;
        select.CommandText = """
            SELECT request_hash, status, content_type, etag, location, body, created_at FROM server_idempotency
            WHERE team = $team AND client = $client AND key = $key
            """;
        Bind(select, team, client, key);
        string? hash = null;
        StoredResponse? stored = null;
        DateTimeOffset createdAt = default;
        await using (var r = await select.ExecuteReaderAsync(ct))
        {
            if (await r.ReadAsync(ct))
            {
                hash = r.GetString(0);
                createdAt = DateTimeOffset.Parse(r.GetString(6), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                if (!r.IsDBNull(1))
                {
                    stored = new StoredResponse(r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                        r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? [] : (byte[])r[5]);
                }
            }
        }
        var now = options.Time.GetUtcNow();
        if (hash is not null)
        {
            if (!string.Equals(hash, requestHash, StringComparison.Ordinal)) return (ClaimOutcome.Mismatch, null);
            if (stored is not null) return (ClaimOutcome.Replay, stored);
            if (now - createdAt < options.IdempotencyLease) return (ClaimOutcome.InProgress, null);
        }
        await using var upsert = db.CreateCommand();
        upsert.Transaction = tx;
        upsert.CommandText = """
            INSERT INTO server_idempotency (team, client, key, request_hash, created_at) VALUES ($team, $client, $key, $hash, $at)
            ON CONFLICT (team, client, key) DO UPDATE SET created_at = excluded.created_at
            """;
        Bind(upsert, team, client, key);
        upsert.Parameters.AddWithValue("$hash", requestHash);
        upsert.Parameters.AddWithValue("$at", now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        await upsert.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return (ClaimOutcome.Claimed, null);
    }

    /// <summary>Stores the response of a claimed key.</summary>
    public async Task CompleteAsync(string team, string client, string key, StoredResponse response, CancellationToken ct)
    {
        await using var db = await ServerDatabase.OpenAsync(_connection, ct);
        await using var update = db.CreateCommand();
        update.CommandText = """
            UPDATE server_idempotency SET status = $status, content_type = $type, etag = $etag, location = $location, body = $body
            WHERE team = $team AND client = $client AND key = $key
            """;
        Bind(update, team, client, key);
        update.Parameters.AddWithValue("$status", response.Status);
        update.Parameters.AddWithValue("$type", (object?)response.ContentType ?? DBNull.Value);
        update.Parameters.AddWithValue("$etag", (object?)response.ETag ?? DBNull.Value);
        update.Parameters.AddWithValue("$location", (object?)response.Location ?? DBNull.Value);
        update.Parameters.AddWithValue("$body", response.Body);
        await update.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Frees a claimed key whose request failed on the server side, so the client may retry it.</summary>
    public async Task ReleaseAsync(string team, string client, string key, CancellationToken ct)
    {
        await using var db = await ServerDatabase.OpenAsync(_connection, ct);
        await using var delete = db.CreateCommand();
        delete.CommandText = "DELETE FROM server_idempotency WHERE team = $team AND client = $client AND key = $key AND status IS NULL";
        Bind(delete, team, client, key);
        await delete.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Forgets keys older than the retention; returns how many.</summary>
    public async Task<int> ExpireAsync(TimeSpan retention, CancellationToken ct)
    {
        await using var db = await ServerDatabase.OpenAsync(_connection, ct);
        await using var delete = db.CreateCommand();
        delete.CommandText = "DELETE FROM server_idempotency WHERE created_at < $before";
        delete.Parameters.AddWithValue("$before", (options.Time.GetUtcNow() - retention).UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        return await delete.ExecuteNonQueryAsync(ct);
    }

    private static void Bind(SqliteCommand command, string team, string client, string key)
    {
        command.Parameters.AddWithValue("$team", team);
        command.Parameters.AddWithValue("$client", client);
        command.Parameters.AddWithValue("$key", key);
    }
}
