using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KnowledgeOs.Storage;

/// <summary>
/// Counts and hashes archive records in order (SHA-256 over one canonical line per record), so two stores of any
/// kind holding the same events and keys give the same summary.
/// </summary>
public sealed class ArchiveHash : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _events;
    private long _keys;

    /// <summary>Adds a record.</summary>
    public void Add(ArchiveRecord record)
    {
        var line = record switch
        {
            RawEvent e => string.Join('\t', "e", e.Position.ToString(CultureInfo.InvariantCulture), e.Stream,
                e.Version.ToString(CultureInfo.InvariantCulture), e.Type, Time(e.RecordedAt), e.Data),
            IdempotencyRecord k => string.Join('\t', "k", k.Team, k.Key, k.RequestHash, k.LastPosition.ToString(CultureInfo.InvariantCulture),
                k.EventCount.ToString(CultureInfo.InvariantCulture), Time(k.RecordedAt)),
            _ => throw new ArgumentException($"Unknown archive record {record.GetType().Name}.", nameof(record)),
        };
        if (record is RawEvent) _events++;
        else _keys++;
        _hash.AppendData(Encoding.UTF8.GetBytes(line + "\n"));
    }

    /// <summary>Counts and the hash of everything added so far.</summary>
    public ArchiveSummary Summary() => new(_events, _keys, Convert.ToHexStringLower(_hash.GetCurrentHash()));

    /// <summary>Summarizes a whole export.</summary>
    public static async Task<ArchiveSummary> OfAsync(IAsyncEnumerable<ArchiveRecord> records, CancellationToken ct)
    {
        using var hash = new ArchiveHash();
        await foreach (var record in records.WithCancellation(ct)) hash.Add(record);
        return hash.Summary();
    }

    // Microseconds: the precision both stores keep (CommitRules.RecordedAt).
    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'", CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public void Dispose() => _hash.Dispose();
}
