using System.Globalization;
using KnowledgeOs.Server.Hosting;

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
/// HTTP <c>Idempotency-Key</c> → response, in the store's database (shared by every server on it). A key is claimed before the request runs, so a
/// concurrent repeat waits for the first instead of applying twice; a claim whose request crashed expires after
/// <see cref="KosServerOptions.IdempotencyLease"/> (a repeat of the same body then runs again, which the domain
/// makes harmless: every write is a no-op when its evidence is already recorded).
/// </summary>
public sealed class IdempotencyStore(ServerDatabase database, KosServerOptions options)
{
    /// <summary>Claims a key for a request, or finds what it was used for.</summary>
    /// <remarks>Atomic without a transaction, so servers sharing a PostgreSQL database cannot both claim one key:
    /// the insert wins or finds the row; an expired claim is taken over by a compare-and-set on its time.</remarks>
    public async Task<(ClaimOutcome Outcome, StoredResponse? Response)> ClaimAsync(string team, string client, string key, string requestHash, CancellationToken ct)
    {
        await using var db = await database.OpenConnectionAsync(ct);
        var now = options.Time.GetUtcNow();
        await using (var insert = ServerDatabase.Command(db, """
            INSERT INTO server_idempotency (team, client, key, request_hash, created_at) VALUES (@team, @client, @key, @hash, @at)
            ON CONFLICT (team, client, key) DO NOTHING
            """, ("team", team), ("client", client), ("key", key), ("hash", requestHash), ("at", Format(now))))
        {
            if (await insert.ExecuteNonQueryAsync(ct) == 1) return (ClaimOutcome.Claimed, null);
        }

        await using var select = ServerDatabase.Command(db, """
            SELECT request_hash, status, content_type, etag, location, body, created_at FROM server_idempotency
            WHERE team = @team AND client = @client AND key = @key
            """, ("team", team), ("client", client), ("key", key));
        string hash, createdAt;
        StoredResponse? stored = null;
        await using (var r = await select.ExecuteReaderAsync(ct))
        {
            // Expired and deleted between the insert and this read: the caller retries and claims it then.
            if (!await r.ReadAsync(ct)) return (ClaimOutcome.InProgress, null);
            hash = r.GetString(0);
            createdAt = r.GetString(6);
            if (!r.IsDBNull(1))
            {
                stored = new StoredResponse(r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                    r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? [] : (byte[])r[5]);
            }
        }
        if (!string.Equals(hash, requestHash, StringComparison.Ordinal)) return (ClaimOutcome.Mismatch, null);
        if (stored is not null) return (ClaimOutcome.Replay, stored);
        if (now - Parse(createdAt) < options.IdempotencyLease) return (ClaimOutcome.InProgress, null);

        // The earlier attempt died without an answer: take its claim over, unless another server just did.
        await using var takeOver = ServerDatabase.Command(db, """
            UPDATE server_idempotency SET created_at = @at
            WHERE team = @team AND client = @client AND key = @key AND status IS NULL AND created_at = @seen
            """, ("team", team), ("client", client), ("key", key), ("at", Format(now)), ("seen", createdAt));
        return await takeOver.ExecuteNonQueryAsync(ct) == 1 ? (ClaimOutcome.Claimed, null) : (ClaimOutcome.InProgress, null);
    }

    /// <summary>Stores the response of a claimed key.</summary>
    public async Task CompleteAsync(string team, string client, string key, StoredResponse response, CancellationToken ct)
    {
        await using var db = await database.OpenConnectionAsync(ct);
        await using var update = ServerDatabase.Command(db, """
            UPDATE server_idempotency SET status = @status, content_type = @type, etag = @etag, location = @location, body = @body
            WHERE team = @team AND client = @client AND key = @key
            """, ("team", team), ("client", client), ("key", key), ("status", response.Status), ("type", response.ContentType),
            ("etag", response.ETag), ("location", response.Location), ("body", response.Body));
        await update.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Frees a claimed key whose request failed on the server side, so the client may retry it.</summary>
    public async Task ReleaseAsync(string team, string client, string key, CancellationToken ct)
    {
        await using var db = await database.OpenConnectionAsync(ct);
        await using var delete = ServerDatabase.Command(db,
            "DELETE FROM server_idempotency WHERE team = @team AND client = @client AND key = @key AND status IS NULL",
            ("team", team), ("client", client), ("key", key));
        await delete.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Forgets keys older than the retention; returns how many.</summary>
    public async Task<int> ExpireAsync(TimeSpan retention, CancellationToken ct)
    {
        await using var db = await database.OpenConnectionAsync(ct);
        await using var delete = ServerDatabase.Command(db, "DELETE FROM server_idempotency WHERE created_at < @before",
            ("before", Format(options.Time.GetUtcNow() - retention)));
        return await delete.ExecuteNonQueryAsync(ct);
    }

    // Fixed-width UTC text, so text order is time order in both databases.
    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string at) =>
        DateTimeOffset.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
