using System.Text.Json.Serialization;

namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>What happened to one report file of <c>kos learn</c>; shown (text and <c>--json</c>) as <c>learned</c>, <c>amended</c>, <c>replay</c>, <c>error</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReportFileStatus>))]
public enum ReportFileStatus
{
    /// <summary>Learned: events written.</summary>
    [JsonStringEnumMemberName("learned")] Learned,
    /// <summary>A revision of a task learned before (<c>--amend</c>).</summary>
    [JsonStringEnumMemberName("amended")] Amended,
    /// <summary>Already learned: nothing written.</summary>
    [JsonStringEnumMemberName("replay")] Replay,
    /// <summary>Not learned; the result's error says why.</summary>
    [JsonStringEnumMemberName("error")] Error,
}
