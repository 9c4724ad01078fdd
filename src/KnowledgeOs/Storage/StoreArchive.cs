namespace KnowledgeOs.Storage;

/// <summary>One row of a whole-store copy: an event, an idempotency record or an API key, as stored.</summary>
public abstract record ArchiveRecord;

/// <summary>An event exactly as stored, its payload text not re-encoded, for copying, backing up and hashing a store.</summary>
/// <param name="Position">Global position.</param>
/// <param name="Stream">Stored stream id (<c>team/expert</c>).</param>
/// <param name="Version">1-based version within the stream.</param>
/// <param name="Type">Stored type name.</param>
/// <param name="Data">Payload JSON as stored.</param>
/// <param name="RecordedAt">Commit time.</param>
public sealed record RawEvent(long Position, string Stream, long Version, string Type, string Data, DateTimeOffset RecordedAt) : ArchiveRecord;

/// <summary>An applied idempotency key, as stored.</summary>
/// <param name="Team">Team.</param>
/// <param name="Key">The key (<c>task:…</c>).</param>
/// <param name="RequestHash">Hash of the request it was applied for.</param>
/// <param name="LastPosition">Last global position the commit wrote.</param>
/// <param name="EventCount">Events the commit wrote.</param>
/// <param name="RecordedAt">Commit time.</param>
public sealed record IdempotencyRecord(string Team, string Key, string RequestHash, long LastPosition, int EventCount, DateTimeOffset RecordedAt) : ArchiveRecord;

/// <summary>
/// An API key of the server as stored in the store's database: the SHA-256 of the key, never the secret. The domain
/// only carries and hashes it; the server's key store reads and writes it, so a copied store keeps its keys.
/// </summary>
/// <param name="Id">Public id of the key.</param>
/// <param name="Team">The team it may see.</param>
/// <param name="Name">Who holds it.</param>
/// <param name="Scopes">Scopes as stored (comma-separated).</param>
/// <param name="Hash">SHA-256 of the whole key, lowercase hex.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RevokedAt">When it was revoked; a revoked key is copied too, so it stays revoked.</param>
public sealed record ApiKeyRecord(string Id, string Team, string Name, string Scopes, string Hash, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt) : ArchiveRecord;

/// <summary>What a whole-store export or import held.</summary>
/// <param name="Events">Events.</param>
/// <param name="Keys">Idempotency records.</param>
/// <param name="Hash">Content hash (<see cref="ArchiveHash"/>), equal for equal content in any store.</param>
/// <param name="ApiKeys">The server's API keys (0 for an event store alone, or an archive written before keys were copied).</param>
public sealed record ArchiveSummary(long Events, long Keys, string Hash, long ApiKeys = 0);

/// <summary>A store that can be copied whole (<c>kos migrate</c>, <c>kos backup</c>, <c>kos restore</c>).</summary>
public interface IStoreArchive
{
    /// <summary>
    /// Every event by position, then every idempotency record by team and key, all read from one consistent snapshot
    /// while writers go on.
    /// </summary>
    IAsyncEnumerable<ArchiveRecord> ExportAsync(CancellationToken ct);

    /// <summary>
    /// Loads a whole store into this one, which must hold no events: positions, versions, times and keys are kept
    /// as given, the inline projections are folded from the events; all in one transaction.
    /// </summary>
    /// <exception cref="ConflictException">This store is not empty (a conflict with what it holds: exit 3).</exception>
    /// <exception cref="StorageException">The records are not a consistent store.</exception>
    Task<ArchiveSummary> ImportAsync(IAsyncEnumerable<ArchiveRecord> records, CancellationToken ct);
}
