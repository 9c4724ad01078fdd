using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KnowledgeOs.Storage;

/// <summary>
/// Counts and hashes archive records in order (SHA-256 over one canonical line per record), so two stores of any
/// kind holding the same events, keys and API keys give the same summary; a store without API keys hashes as it did
/// before they were copied.
/// </summary>
public sealed class ArchiveHash : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _events;
    private long _keys;
    private long _apiKeys;

    /// <summary>Adds a record.</summary>
    public void Add(ArchiveRecord record)
    {
        var line = record switch
        {
            RawEvent e => string.Join('\t', "e", e.Position.ToString(CultureInfo.InvariantCulture), e.Stream,
                e.Version.ToString(CultureInfo.InvariantCulture), e.Type, Time(e.RecordedAt), e.Data),
            IdempotencyRecord k => string.Join('\t', "k", k.Team, k.Key, k.RequestHash, k.LastPosition.ToString(CultureInfo.InvariantCulture),
                k.EventCount.ToString(CultureInfo.InvariantCulture), Time(k.RecordedAt)),
            // Key times at full precision: they are stored as text with 7 digits and copied exactly.
            ApiKeyRecord a => string.Join('\t', "a", a.Id, a.Team, a.Name, a.Scopes, a.Hash, KeyTime(a.CreatedAt),
                a.RevokedAt is { } revoked ? KeyTime(revoked) : "-"),
            _ => throw new ArgumentException($"Unknown archive record {record.GetType().Name}.", nameof(record)),
        };
        switch (record)
        {
            case RawEvent: _events++; break;
            case IdempotencyRecord: _keys++; break;
            default: _apiKeys++; break;
        }
        _hash.AppendData(Encoding.UTF8.GetBytes(line + "\n"));
    }

    /// <summary>Counts and the hash of everything added so far.</summary>
    public ArchiveSummary Summary() => new(_events, _keys, Convert.ToHexStringLower(_hash.GetCurrentHash()), _apiKeys);

    /// <summary>Summarizes a whole export.</summary>
    public static async Task<ArchiveSummary> OfAsync(IAsyncEnumerable<ArchiveRecord> records, CancellationToken ct)
    {
        using var hash = new ArchiveHash();
        await foreach (var record in records.WithCancellation(ct)) hash.Add(record);
        return hash.Summary();
    }

    // Microseconds: the precision both stores keep (CommitRules.RecordedAt).
    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'", CultureInfo.InvariantCulture);

    private static string KeyTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'", CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public void Dispose() => _hash.Dispose();
}
