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

    public static DateTimeOffset Read(string text) =>
        new(DateTime.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);
}
