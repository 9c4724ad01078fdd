using System.Text.Json.Serialization;

namespace KnowledgeOs.Cycle;

/// <summary>What a job did in a tick; shown (text and JSON) as <c>ran</c>, <c>not_due</c>, <c>held</c>, <c>failed</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobStatus>))]
public enum JobStatus
{
    /// <summary>Ran for one or more occurrences.</summary>
    [JsonStringEnumMemberName("ran")] Ran,
    /// <summary>No occurrence due since its last run.</summary>
    [JsonStringEnumMemberName("not_due")] NotDue,
    /// <summary>Another runner has the lease and runs it.</summary>
    [JsonStringEnumMemberName("held")] Held,
    /// <summary>Stopped by an error (a single feed failing does not fail the job).</summary>
    [JsonStringEnumMemberName("failed")] Failed,
}

