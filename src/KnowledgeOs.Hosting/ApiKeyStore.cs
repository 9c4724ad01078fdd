using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KnowledgeOs.Experts;
using System.Data.Common;
using System.Runtime.CompilerServices;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Hosting;

/// <summary>An API key as stored: never the secret, only its SHA-256.</summary>
/// <param name="Id">Public id, the part of the key after <c>kos_</c> and before the secret.</param>
/// <param name="Team">The one team the key may see.</param>
/// <param name="Name">Who holds it; written on what it changes as <c>manual:&lt;name&gt;</c>.</param>
/// <param name="Scopes">What it may do.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
public sealed record ApiKey(string Id, string Team, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    /// <summary>True until revoked.</summary>
    public bool Active => RevokedAt is null;
}

/// <summary>A key just created: the only moment its secret exists outside the client.</summary>
/// <param name="Key">The stored key.</param>
/// <param name="Secret">The full key to give the client (<c>kos_&lt;id&gt;_&lt;secret&gt;</c>); not recoverable later.</param>
public sealed record CreatedApiKey(ApiKey Key, string Secret);

/// <summary>
/// API keys in the store's database (see <see cref="ServerDatabase"/>). A key is <c>kos_&lt;id&gt;_&lt;secret&gt;</c>: the id finds the row, the SHA-256 of
/// the whole key is compared in fixed time. The secret is never stored or logged.
/// </summary>
public sealed class ApiKeyStore(ServerDatabase database, TimeProvider time)
{
    private const string Prefix = "kos_";

    /// <summary>Opens the keys of the SQLite database at <paramref name="path"/>; the event store must have created the file.</summary>
    public static async Task<ApiKeyStore> OpenAsync(string path, TimeProvider time, CancellationToken ct) =>
        new(await ServerDatabase.OpenSqliteAsync(path, ct), time);

    /// <summary>Creates a key for a team with the given scopes.</summary>
    public async Task<CreatedApiKey> CreateAsync(string team, string name, IReadOnlyList<string> scopes, CancellationToken ct)
    {
        ExpertDecider.ValidateSlug(team, "team");
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64 || name.Any(char.IsControl))
            throw InputException.Of("A key's name is 1–64 printable characters (who holds it).", "name", ErrorCodes.KeyNameInvalid);
        var checkedScopes = ApiKeyScopes.Parse(string.Join(',', scopes));
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = $"{Prefix}{id}_{Base64Url(RandomNumberGenerator.GetBytes(32))}";
        var key = new ApiKey(id, team, name.Trim(), checkedScopes, time.GetUtcNow(), null);
        await using var db = await database.OpenConnectionAsync(ct);
        await using var insert = ServerDatabase.Command(db,
            "INSERT INTO server_api_keys (id, team, name, scopes, hash, created_at) VALUES (@id, @team, @name, @scopes, @hash, @at)",
            ("id", id), ("team", team), ("name", key.Name), ("scopes", string.Join(',', checkedScopes)), ("hash", Hash(secret)),
            ("at", Format(key.CreatedAt)));
        await insert.ExecuteNonQueryAsync(ct);
        return new CreatedApiKey(key, secret);
    }

    /// <summary>Every key (active and revoked), optionally of one team, oldest first.</summary>
    public async Task<IReadOnlyList<ApiKey>> ListAsync(string? team, CancellationToken ct)
    {
        await using var db = await database.OpenConnectionAsync(ct);
        const string Columns = "SELECT id, team, name, scopes, created_at, revoked_at FROM server_api_keys";
        await using var select = team is null
            ? ServerDatabase.Command(db, Columns + " ORDER BY created_at, id")
            : ServerDatabase.Command(db, Columns + " WHERE team = @team ORDER BY created_at, id", ("team", team));
        var keys = new List<ApiKey>();
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) keys.Add(Read(reader));
        return keys;
    }

    /// <summary>Revokes a key by id; false when there is no such active key.</summary>
    public async Task<bool> RevokeAsync(string id, CancellationToken ct)
    {
        await using var db = await database.OpenConnectionAsync(ct);
        await using var update = ServerDatabase.Command(db, "UPDATE server_api_keys SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL",
            ("id", id), ("at", Format(time.GetUtcNow())));
        return await update.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>True once any key has been created, even if every key was revoked since: revoking the last
    /// key must not quietly switch authentication off.</summary>
    public async Task<bool> AnyAsync(CancellationToken ct)
    {
        await using var db = await database.OpenConnectionAsync(ct);
        await using var exists = ServerDatabase.Command(db, "SELECT EXISTS (SELECT 1 FROM server_api_keys)");
        // PostgreSQL answers a boolean, SQLite an integer.
        return Convert.ToBoolean(await exists.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>The stored key and hash for an id, or null.</summary>
    public async Task<(ApiKey Key, byte[] Hash)?> FindAsync(string id, CancellationToken ct)
    {
        await using var db = await database.OpenConnectionAsync(ct);
        await using var select = ServerDatabase.Command(db,
            "SELECT id, team, name, scopes, created_at, revoked_at, hash FROM server_api_keys WHERE id = @id", ("id", id));
        await using var reader = await select.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return (Read(reader), (byte[])reader["hash"]);
    }

    /// <summary>Every key row (active and revoked) as an archive record, by id: hashes only, never a secret.</summary>
    public async IAsyncEnumerable<ApiKeyRecord> ExportAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await database.OpenConnectionAsync(ct);
        await foreach (var key in ExportAsync(db, ct)) yield return key;
    }

    /// <summary>Every key row of an open connection to a database that has the keys table, by id.</summary>
    public static async IAsyncEnumerable<ApiKeyRecord> ExportAsync(DbConnection db, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var select = ServerDatabase.Command(db,
            "SELECT id, team, name, scopes, created_at, revoked_at, hash FROM server_api_keys ORDER BY id");
        await using var reader = await select.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return new ApiKeyRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                Convert.ToHexStringLower((byte[])reader["hash"]), Parse(reader.GetString(4)), reader.IsDBNull(5) ? null : Parse(reader.GetString(5)));
        }
    }

    /// <summary>
    /// Loads copied key rows (ids, hashes, times and revocations kept) into a database that has none, in one
    /// transaction; <c>kos migrate</c> and <c>kos restore</c> call it after the events.
    /// </summary>
    /// <exception cref="StorageException">The database already holds keys, or a row is not a valid key.</exception>
    public async Task ImportAsync(IReadOnlyCollection<ApiKeyRecord> keys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (await AnyAsync(ct))
            throw new StorageException($"Cannot import API keys into {database.Where}: it already holds keys (kos keys list). Import into an empty store.");
        if (keys.Count == 0) return;
        await using var db = await database.OpenConnectionAsync(ct);
        await using var tx = await db.BeginTransactionAsync(ct);
        foreach (var key in keys)
        {
            var hash = Check(key);
            await using var insert = ServerDatabase.Command(db,
                "INSERT INTO server_api_keys (id, team, name, scopes, hash, created_at, revoked_at) VALUES (@id, @team, @name, @scopes, @hash, @at, @revoked)",
                ("id", key.Id), ("team", key.Team), ("name", key.Name), ("scopes", key.Scopes), ("hash", hash),
                ("at", Format(key.CreatedAt)), ("revoked", key.RevokedAt is { } revoked ? Format(revoked) : null));
            insert.Transaction = tx;
            try
            {
                await insert.ExecuteNonQueryAsync(ct);
            }
            catch (DbException ex)
            {
                throw new StorageException($"Cannot import API key '{key.Id}' into {database.Where}: {ex.Message}", ex);
            }
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>Checks a copied key row before anything is written, and returns its hash bytes.</summary>
    /// <exception cref="StorageException">The row has no id or team, or its hash is not a SHA-256 in hex.</exception>
    public static byte[] Check(ApiKeyRecord key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (string.IsNullOrEmpty(key.Id) || string.IsNullOrEmpty(key.Team)) throw new StorageException("An API key row has no id or no team.");
        if (key.Hash.Length != 2 * SHA256.HashSizeInBytes || !key.Hash.All(char.IsAsciiHexDigit))
            throw new StorageException($"API key '{key.Id}' has no valid hash: expected {2 * SHA256.HashSizeInBytes} hex digits of a SHA-256.");
        return Convert.FromHexString(key.Hash);
    }

    /// <summary>The id part of a presented key, or null when it is not shaped like one of ours.</summary>
    public static string? IdOf(string presented) => IdOf(presented.AsSpan()) is { IsEmpty: false } id ? id.ToString() : null;

    /// <summary>The id part of a presented key, or empty when it is not shaped like one of ours; a slice, nothing allocated.</summary>
    public static ReadOnlySpan<char> IdOf(ReadOnlySpan<char> presented)
    {
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.Length > MaxKeyLength) return default;
        var cut = presented[Prefix.Length..].IndexOf('_');
        return cut > 0 ? presented.Slice(Prefix.Length, cut) : default;
    }

    /// <summary>SHA-256 of a presented key: fixed length, so the comparison is fixed time.</summary>
    public static byte[] Hash(string presented) => SHA256.HashData(Encoding.UTF8.GetBytes(presented));

    /// <summary>Compares a presented key with a stored hash in fixed time; the key's bytes and hash on the stack (every keyed request does it).</summary>
    public static bool Matches(ReadOnlySpan<char> presented, byte[] storedHash)
    {
        ArgumentNullException.ThrowIfNull(storedHash);
        if (presented.Length > MaxKeyLength) return false;
        Span<byte> bytes = stackalloc byte[MaxKeyLength * 3];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes[..Encoding.UTF8.GetBytes(presented, bytes)], hash);
        return CryptographicOperations.FixedTimeEquals(hash, storedHash);
    }

    // Longer is not one of ours; it bounds the stack the hash of a presented key takes.
    private const int MaxKeyLength = 200;

    private static ApiKey Read(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3).Split(',', StringSplitOptions.RemoveEmptyEntries),
        Parse(r.GetString(4)), r.IsDBNull(5) ? null : Parse(r.GetString(5)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string at) =>
        DateTimeOffset.Parse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
