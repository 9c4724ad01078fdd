using System.Globalization;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// The stored form of commit times: ISO 8601 UTC with a fixed width, so that comparing the text
/// orders the same as comparing the times (the <c>recordedUpTo</c> filter is a text comparison).
/// </summary>
internal static class RecordedAt
{
    private const string Format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'";

    public static string Write(DateTimeOffset at) => at.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>A commit time as every store keeps it (microseconds, UTC), in the stored form.</summary>
    public static string Commit(DateTimeOffset now) => Write(Storage.CommitRules.RecordedAt(now));

    public static DateTimeOffset Read(string text) =>
        new(DateTime.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);
}
