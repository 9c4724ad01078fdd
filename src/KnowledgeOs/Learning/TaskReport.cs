using KnowledgeOs.Events;

namespace KnowledgeOs.Learning;

/// <summary>A task report in one shape, whichever format it arrived in.</summary>
/// <param name="TaskId">Task id: the idempotency key.</param>
/// <param name="Title">Title.</param>
/// <param name="Description">Description.</param>
/// <param name="CompletedAt">When the task completed.</param>
/// <param name="DurationMinutes">Duration, if reported.</param>
/// <param name="Participants">Who took part and what each learned.</param>
/// <param name="Tags">Task tags.</param>
/// <param name="IsCase">True when the report marks the task as a case worth keeping.</param>
/// <param name="Format"><c>native</c> or <c>atra</c>.</param>
public sealed record TaskReport(
    string TaskId,
    string Title,
    string Description,
    DateTimeOffset CompletedAt,
    int? DurationMinutes,
    IReadOnlyList<Participant> Participants,
    IReadOnlyList<string> Tags,
    bool IsCase,
    string Format)
{
    /// <summary>The source every fact from this report carries: <c>task:&lt;id&gt;</c> or <c>retro:&lt;id&gt;</c>.</summary>
    public string Source => (Format == ReportFormats.Atra ? "retro:" : "task:") + TaskId;

    /// <summary>
    /// The items the task used (item ids, pack ids already resolved), each once; null when the report names none, so
    /// a report without them hashes as it always did.
    /// </summary>
    public IReadOnlyList<string>? UsedItems { get; init; }

    /// <summary>What the report says of the task as a whole (ATRA <c>overall_*</c>); null when it says nothing (so the content hash of a report without it is unchanged).</summary>
    public TaskSummary? Summary { get; init; }

    /// <summary>The report's <c>metrics</c>, typed; null when it has none (the content hash of a report without them is unchanged).</summary>
    public IReadOnlyList<TaskMeasurement>? Measurements { get; init; }

    /// <summary>
    /// True when the report says the task is still under way (outcome <c>in_progress</c>, <c>started</c>, <c>open</c>): it
    /// starts the task for its participants and teaches nothing; the final report of the same task id is learned as usual.
    /// Left out of the JSON when false, so the content hash of every finished report is unchanged.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool InProgress { get; init; }

    /// <summary>True when the report holds task-level knowledge: a description, an overall list or a measurement.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasTaskKnowledge => Description.Length > 0 || Summary is not null || Measurements is { Count: > 0 };
}

/// <summary>What a report says of the task as a whole, apart from any one participant.</summary>
/// <param name="WhatWorked">overall_what_worked.</param>
/// <param name="WhatToImprove">overall_what_to_improve.</param>
/// <param name="NewKnowledge">overall_new_knowledge.</param>
public sealed record TaskSummary(IReadOnlyList<string> WhatWorked, IReadOnlyList<string> WhatToImprove, IReadOnlyList<string> NewKnowledge)
{
    /// <summary>The summary, or null when every list is empty.</summary>
    public static TaskSummary? Of(IReadOnlyList<string> worked, IReadOnlyList<string> toImprove, IReadOnlyList<string> learned) =>
        worked.Count + toImprove.Count + learned.Count == 0 ? null : new(worked, toImprove, learned);
}

/// <summary>How a participant is named in a report: by slug (native) or by display name and role (ATRA).</summary>
/// <param name="Slug">Slug, when the report gives one.</param>
/// <param name="Name">Display name.</param>
/// <param name="Role">Role.</param>
public sealed record ExpertRef(string? Slug, string? Name, string? Role)
{
    /// <inheritdoc/>
    public override string ToString() => Slug ?? $"{Name} ({Role})";
}

/// <summary>One participant's part in a task.</summary>
public sealed record Participant(
    ExpertRef Expert,
    Outcome Outcome,
    int ErrorsFixed,
    IReadOnlyList<string> WhatWorked,
    IReadOnlyList<string> WhatToImprove,
    IReadOnlyList<string> NewKnowledge,
    IReadOnlyList<ProblemSolution> Problems,
    IReadOnlyList<string> Materials,
    IReadOnlyList<string> PracticesApplied);

/// <summary>A problem met in a task and how it was solved.</summary>
/// <param name="Problem">The problem.</param>
/// <param name="Solution">The solution, possibly empty.</param>
public sealed record ProblemSolution(string Problem, string Solution);

/// <summary>Report format names.</summary>
public static class ReportFormats
{
    /// <summary>The native camelCase report.</summary>
    public const string Native = "native";
    /// <summary>The ATRA retrospective JSON.</summary>
    public const string Atra = "atra";
}
