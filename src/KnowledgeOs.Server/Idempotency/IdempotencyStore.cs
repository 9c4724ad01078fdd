using System.Collections.Concurrent;
using System.Globalization;
using KnowledgeOs.Hosting;

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
/// concurrent repeat waits for the first instead of applying twice. A claim names its owner (this server instance) and
/// carries a lease its live request renews (<see cref="RenewAsync"/>) every third of <see cref="KosServerOptions.IdempotencyLease"/>;
/// a claim whose owner is this instance but whose request is no longer running here, or whose lease lapsed (its server
/// died), is taken over at once by a repeat — which the domain makes harmless: every write is a no-op when its
/// evidence is already recorded.
/// </summary>
public sealed class IdempotencyStore(ServerDatabase database, KosServerOptions options)
{
    private readonly ConcurrentDictionary<(string Team, string Client, string Key), byte> _running = new();

    // Claims of one key on this instance run one at a time (striped by the key's hash): a repeat never reads this
    // instance's own claim between its insert and its being marked running, where it would look dead and be taken over.
    private readonly SemaphoreSlim[] _claiming = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>This server instance, as claims record it: a new id every start, so a restarted server owns nothing.</summary>
    public string Owner { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Claims a key for a request, or finds what it was used for.</summary>
    /// <remarks>Atomic without a transaction, so servers sharing a PostgreSQL database cannot both claim one key:
    /// the insert wins or finds the row; a dead claim is taken over by a compare-and-set on its lease.</remarks>
    public async Task<(ClaimOutcome Outcome, StoredResponse? Response)> ClaimAsync(string team, string client, string key, string requestHash, CancellationToken ct)
    {
        var stripe = _claiming[(int)((uint)HashCode.Combine(team, client, key) % (uint)_claiming.Length)];
        await stripe.WaitAsync(ct);
        try
        {
            return await ClaimOnceAsync(team, client, key, requestHash, ct);
        }
        finally
        {
            stripe.Release();
        }
    }

    private async Task<(ClaimOutcome Outcome, StoredResponse? Response)> ClaimOnceAsync(string team, string client, string key, string requestHash, CancellationToken ct)
    {
        await using var db = await database.OpenConnectionAsync(ct);
        var now = Format(options.Time.GetUtcNow());
        await using (var insert = ServerDatabase.Command(db, """
            INSERT INTO server_idempotency (team, client, key, request_hash, created_at, owner, renewed_at)
            VALUES (@team, @client, @key, @hash, @at, @owner, @at)
            ON CONFLICT (team, client, key) DO NOTHING
            """, ("team", team), ("client", client), ("key", key), ("hash", requestHash), ("at", now), ("owner", Owner)))
        {
            if (await insert.ExecuteNonQueryAsync(ct) == 1) return Running(team, client, key);
        }

        await using var select = ServerDatabase.Command(db, """
            SELECT request_hash, status, content_type, etag, location, body, created_at, owner, renewed_at FROM server_idempotency
            WHERE team = @team AND client = @client AND key = @key
            """, ("team", team), ("client", client), ("key", key));
        string hash;
        string? owner, renewedAt;
        StoredResponse? stored = null;
        await using (var r = await select.ExecuteReaderAsync(ct))
        {
            // Expired and deleted between the insert and this read: the caller retries and claims it then.
            if (!await r.ReadAsync(ct)) return (ClaimOutcome.InProgress, null);
            hash = r.GetString(0);
            owner = r.IsDBNull(7) ? null : r.GetString(7);
            // A claim written before leases were recorded has only its creation time.
            renewedAt = r.IsDBNull(8) ? r.GetString(6) : r.GetString(8);
            if (!r.IsDBNull(1))
            {
                stored = new StoredResponse(r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                    r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? [] : (byte[])r[5]);
            }
        }
        if (!string.Equals(hash, requestHash, StringComparison.Ordinal)) return (ClaimOutcome.Mismatch, null);
        if (stored is not null) return (ClaimOutcome.Replay, stored);
        if (IsAlive(team, client, key, owner, renewedAt)) return (ClaimOutcome.InProgress, null);

        // The earlier attempt died without an answer: take its claim over, unless another server just did.
        await using var takeOver = ServerDatabase.Command(db, """
            UPDATE server_idempotency SET owner = @owner, renewed_at = @at
            WHERE team = @team AND client = @client AND key = @key AND status IS NULL AND COALESCE(renewed_at, created_at) = @seen
            """, ("team", team), ("client", client), ("key", key), ("owner", Owner), ("at", now), ("seen", renewedAt));
        return await takeOver.ExecuteNonQueryAsync(ct) == 1 ? Running(team, client, key) : (ClaimOutcome.InProgress, null);
    }

    /// <summary>Renews the lease of a claim this instance holds, so a long request is not taken for dead.</summary>
    public async Task RenewAsync(string team, string client, string key, CancellationToken ct)
    {
        await using var db = await database.OpenConnectionAsync(ct);
        await using var update = ServerDatabase.Command(db, """
            UPDATE server_idempotency SET renewed_at = @at
            WHERE team = @team AND client = @client AND key = @key AND owner = @owner AND status IS NULL
            """, ("team", team), ("client", client), ("key", key), ("owner", Owner), ("at", Format(options.Time.GetUtcNow())));
        await update.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Whether a claim's request may still be running: here (this instance knows), or elsewhere with its lease fresh.</summary>
    private bool IsAlive(string team, string client, string key, string? owner, string renewedAt)
    {
        // This instance's own claim is alive exactly while its request runs here; one left behind (its answer could
        // not be stored) is dead now, whatever its lease says.
        if (string.Equals(owner, Owner, StringComparison.Ordinal)) return _running.ContainsKey((team, client, key));
        return options.Time.GetUtcNow() - Parse(renewedAt) < options.IdempotencyLease;
    }

    private (ClaimOutcome, StoredResponse?) Running(string team, string client, string key)
    {
        _running[(team, client, key)] = 0;
        return (ClaimOutcome.Claimed, null);
    }

    /// <summary>The claim's request has finished here (answered or not).</summary>
    public void Finished(string team, string client, string key) => _running.TryRemove((team, client, key), out _);

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
