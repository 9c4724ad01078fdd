using KnowledgeOs.Events;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace KnowledgeOs.Storage;

/// <summary>
/// The logical backup file of a store (<c>kos backup</c> on PostgreSQL, readable by <c>kos restore</c> into any store):
/// gzip-compressed JSON lines, a header, one line per event (payload kept byte for byte), per idempotency key and
/// (version 2) per API key of the server (its hash, never a secret), and a trailer with the counts and content hash.
/// A file cut short or altered is refused when read; a version 1 file (no API keys) reads as before.
/// </summary>
public static class ArchiveFile
{
    private const string Format = "kos-archive";
    // 2: API key lines and the "apiKeys" count in the trailer. A version 1 kos refuses a version 2 file rather
    // than restore it without its keys.
    private const int Version = 2;
    private static readonly byte[] Gzip = [0x1f, 0x8b];

    /// <summary>Writes every record to <paramref name="output"/> and returns the summary written in the trailer.</summary>
    public static async Task<ArchiveSummary> WriteAsync(Stream output, IAsyncEnumerable<ArchiveRecord> records, string source, TimeProvider time, CancellationToken ct)
    {
        using var hash = new ArchiveHash();
        await using var zip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
        await using var json = new Utf8JsonWriter(zip, new JsonWriterOptions { Encoder = EventTypes.Json.Encoder });
        var line = 0;
        async ValueTask EndLine()
        {
            await json.FlushAsync(ct);
            json.Reset();
            zip.WriteByte((byte)'\n');
            line++;
        }
        json.WriteStartObject();
        json.WriteString("format", Format);
        json.WriteNumber("version", Version);
        json.WriteString("source", source);
        json.WriteString("createdAt", time.GetUtcNow().UtcDateTime);
        json.WriteEndObject();
        await EndLine();
        await foreach (var record in records.WithCancellation(ct))
        {
            hash.Add(record);
            json.WriteStartObject();
            switch (record)
            {
                case RawEvent e:
                    json.WriteNumber("position", e.Position);
                    json.WriteString("stream", e.Stream);
                    json.WriteNumber("version", e.Version);
                    json.WriteString("type", e.Type);
                    json.WriteString("recordedAt", Time(e.RecordedAt));
                    json.WritePropertyName("data");
                    json.WriteRawValue(e.Data, skipInputValidation: false);
                    break;
                case IdempotencyRecord k:
                    json.WriteString("team", k.Team);
                    json.WriteString("key", k.Key);
                    json.WriteString("requestHash", k.RequestHash);
                    json.WriteNumber("lastPosition", k.LastPosition);
                    json.WriteNumber("eventCount", k.EventCount);
                    json.WriteString("recordedAt", Time(k.RecordedAt));
                    break;
                case ApiKeyRecord a:
                    json.WriteString("apiKey", a.Id);
                    json.WriteString("team", a.Team);
                    json.WriteString("name", a.Name);
                    json.WriteString("scopes", a.Scopes);
                    json.WriteString("sha256", a.Hash);
                    json.WriteString("createdAt", Time(a.CreatedAt));
                    if (a.RevokedAt is { } revoked) json.WriteString("revokedAt", Time(revoked));
                    else json.WriteNull("revokedAt");
                    break;
            }
            json.WriteEndObject();
            await EndLine();
        }
        var summary = hash.Summary();
        json.WriteStartObject();
        json.WriteString("end", Format);
        json.WriteNumber("events", summary.Events);
        json.WriteNumber("keys", summary.Keys);
        json.WriteNumber("apiKeys", summary.ApiKeys);
        json.WriteString("sha256", summary.Hash);
        json.WriteEndObject();
        await EndLine();
        return summary;
    }

    /// <summary>True when the file starts like an archive (gzip).</summary>
    public static bool IsArchive(string path)
    {
        Span<byte> head = stackalloc byte[2];
        using var stream = File.OpenRead(path);
        return stream.ReadAtLeast(head, 2, throwOnEndOfStream: false) == 2 && head.SequenceEqual(Gzip);
    }

    /// <summary>
    /// Reads the records of an archive. The trailer is checked after the last record: a missing trailer (a file cut
    /// short) or other counts or hash throw <see cref="StorageException"/>, so an importer inside a transaction
    /// writes nothing of a damaged file.
    /// </summary>
    public static async IAsyncEnumerable<ArchiveRecord> ReadAsync(Stream input, string name, [EnumeratorCancellation] CancellationToken ct)
    {
        using var hash = new ArchiveHash();
        using var reader = new StreamReader(new GZipStream(input, CompressionMode.Decompress, leaveOpen: true), Encoding.UTF8);
        var number = 0;
        ArchiveSummary? trailer = null;
        while (true)
        {
            string? text;
            try
            {
                text = await reader.ReadLineAsync(ct);
            }
            catch (InvalidDataException ex)
            {
                throw new StorageException($"{name} is damaged (line {number + 1}): {ex.Message}", ex);
            }
            if (text is null) break;
            number++;
            if (trailer is not null) throw new StorageException($"{name} has data after its end line (line {number}).");
            ArchiveRecord? record;
            try
            {
                using var doc = JsonDocument.Parse(text);
                var root = doc.RootElement;
                if (number == 1)
                {
                    if (!root.TryGetProperty("format", out var format) || format.GetString() != Format)
                        throw new StorageException($"{name} is not a KnowledgeOS archive.");
                    if (root.GetProperty("version").GetInt32() > Version)
                        throw new StorageException($"{name} is archive version {root.GetProperty("version").GetInt32()}, newer than this kos reads ({Version}); upgrade kos.");
                    continue;
                }
                if (root.TryGetProperty("end", out _))
                {
                    trailer = new ArchiveSummary(root.GetProperty("events").GetInt64(), root.GetProperty("keys").GetInt64(), root.GetProperty("sha256").GetString()!,
                        root.TryGetProperty("apiKeys", out var apiKeys) ? apiKeys.GetInt64() : 0);
                    continue;
                }
                record = root.TryGetProperty("position", out var position)
                    ? new RawEvent(position.GetInt64(), root.GetProperty("stream").GetString()!, root.GetProperty("version").GetInt64(),
                        root.GetProperty("type").GetString()!, root.GetProperty("data").GetRawText(), ParseTime(root.GetProperty("recordedAt")))
                    : root.TryGetProperty("apiKey", out var apiKey)
                    ? new ApiKeyRecord(apiKey.GetString()!, root.GetProperty("team").GetString()!, root.GetProperty("name").GetString()!,
                        root.GetProperty("scopes").GetString()!, root.GetProperty("sha256").GetString()!, ParseTime(root.GetProperty("createdAt")),
                        root.GetProperty("revokedAt").ValueKind == JsonValueKind.Null ? null : ParseTime(root.GetProperty("revokedAt")))
                    : new IdempotencyRecord(root.GetProperty("team").GetString()!, root.GetProperty("key").GetString()!,
                        root.GetProperty("requestHash").GetString()!, root.GetProperty("lastPosition").GetInt64(),
                        root.GetProperty("eventCount").GetInt32(), ParseTime(root.GetProperty("recordedAt")));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new StorageException($"{name} is damaged at line {number}: {ex.Message}", ex);
            }
            hash.Add(record);
            yield return record;
        }
        if (number == 0) throw new StorageException($"{name} is empty.");
        if (trailer is null) throw new StorageException($"{name} is cut short: it has no end line (read {number} lines).");
        var actual = hash.Summary();
        if (actual != trailer)
            throw new StorageException($"{name} does not match its end line: it holds {actual.Events} events, {actual.Keys} keys and {actual.ApiKeys} API keys (hash {actual.Hash[..12]}…), the end line says {trailer.Events}, {trailer.Keys}, {trailer.ApiKeys} ({trailer.Hash[..Math.Min(12, trailer.Hash.Length)]}…).");
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(JsonElement element) =>
        DateTimeOffset.ParseExact(element.GetString()!, "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
