using System.Text.Json.Serialization;
using KnowledgeOs.Text;

namespace KnowledgeOs.Storage;

/// <summary>How a feed's last fetch went; stored and shown as <c>ok</c>, <c>not_modified</c>, <c>failed</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeedStatus>))]
public enum FeedStatus
{
    /// <summary>Fetched and read.</summary>
    [JsonStringEnumMemberName("ok")] Ok,
    /// <summary>The server said nothing changed since the validators (HTTP 304).</summary>
    [JsonStringEnumMemberName("not_modified")] NotModified,
    /// <summary>Not fetched or not readable; the error says why.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
}

/// <summary>Reading <see cref="FeedStatus"/> from its stored text (written with <see cref="EnumCodeExtensions.Code{TEnum}"/>).</summary>
public static class FeedStatuses
{
    /// <summary>Parses a stored status; null when unknown.</summary>
    public static FeedStatus? Parse(string? s) => EnumCodes<FeedStatus>.Parse(s);
}
