using System.Text.Json.Serialization;
using KnowledgeOs.Sections;
using KnowledgeOs.Text;

namespace KnowledgeOs.Events;

/// <summary>
/// A fact about one expert's knowledge base. <see cref="At"/> is when it happened (a task's completion,
/// a best practice's found date); when it was recorded is the store's commit time.
/// </summary>
public abstract record KnowledgeEvent
{
    /// <summary>Where the fact came from: <c>task:&lt;id&gt;</c>, <c>retro:&lt;id&gt;</c>, <c>import:&lt;file&gt;</c>, <c>feed:&lt;url&gt;</c>, <c>manual:&lt;who&gt;</c>.</summary>
    public required string Source { get; init; }

    /// <summary>When it happened.</summary>
    public required DateTimeOffset At { get; init; }
}

/// <summary>An expert joined the team.</summary>
public sealed record ExpertOnboarded : KnowledgeEvent
{
    /// <summary>Ascii identifier, unique in the team.</summary>
    public required string Slug { get; init; }
    /// <summary>Name as people write it (<c>Игорь</c>).</summary>
    public required string DisplayName { get; init; }
    /// <summary>Role (<c>Backend Developer</c>).</summary>
    public required string Role { get; init; }
    /// <summary>Project the expert works on (<c>ATRA</c>).</summary>
    public string Project { get; init; } = "";
    /// <summary>Priority, 1 is highest.</summary>
    public int Priority { get; init; } = 3;
    /// <summary><c>active</c>, <c>paused</c> or <c>retired</c>.</summary>
    public ExpertStatus Status { get; init; } = ExpertStatus.Active;
    /// <summary>Responsibility text.</summary>
    public string Responsibility { get; init; } = "";
    /// <summary>Key duties under the responsibility.</summary>
    public IReadOnlyList<string> Duties { get; init; } = [];
    /// <summary>Expertise tags used for routing and feeds.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
}

/// <summary>Some of an expert's profile fields changed; null fields are unchanged.</summary>
public sealed record ExpertProfileChanged : KnowledgeEvent
{
    /// <summary>New display name.</summary>
    public string? DisplayName { get; init; }
    /// <summary>New role.</summary>
    public string? Role { get; init; }
    /// <summary>New project.</summary>
    public string? Project { get; init; }
    /// <summary>New priority.</summary>
    public int? Priority { get; init; }
    /// <summary>New status.</summary>
    public ExpertStatus? Status { get; init; }
    /// <summary>New responsibility text.</summary>
    public string? Responsibility { get; init; }
    /// <summary>New key duties.</summary>
    public IReadOnlyList<string>? Duties { get; init; }
    /// <summary>New expertise tags.</summary>
    public IReadOnlyList<string>? Tags { get; init; }
}

/// <summary>A new item entered the knowledge base.</summary>
public sealed record KnowledgeRecorded : KnowledgeEvent
{
    /// <summary>Stable item id derived from the section family and normalized text.</summary>
    public required string ItemId { get; init; }
    /// <summary>Section the item lives in.</summary>
    public required SectionKind Section { get; init; }
    /// <summary>Main text (for books the title, for problems the problem).</summary>
    public required string Text { get; init; }
    /// <summary>Section-specific fields (author, solution, description, source, category, application, found_at, task, heading…).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = EmptyFields;

    internal static readonly IReadOnlyDictionary<string, string> EmptyFields = new SortedDictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>An existing item was seen again in new evidence.</summary>
public sealed record KnowledgeConfirmed : KnowledgeEvent
{
    /// <summary>The item confirmed.</summary>
    public required string ItemId { get; init; }
    /// <summary>A solution this confirmation adds to a problem, if any.</summary>
    public string? AddedSolution { get; init; }
}

/// <summary>An item was withdrawn by hand; it stays in history.</summary>
public sealed record KnowledgeRetracted : KnowledgeEvent
{
    /// <summary>The item retracted.</summary>
    public required string ItemId { get; init; }
    /// <summary>Why.</summary>
    public required string Reason { get; init; }
}

/// <summary>A <c>learned</c> item was confirmed by enough distinct successful tasks and is now <c>known</c>.</summary>
public sealed record KnowledgePromoted : KnowledgeEvent
{
    /// <summary>The item promoted.</summary>
    public required string ItemId { get; init; }
    /// <summary>The section it moved to.</summary>
    public SectionKind To { get; init; } = SectionKind.Known;
    /// <summary>Why, in one line.</summary>
    public required string Reason { get; init; }
}

/// <summary>The expert took part in a task.</summary>
public sealed record TaskCompleted : TaskStatedEvent
{
    /// <summary>The task id (the report's idempotency key).</summary>
    public required string TaskId { get; init; }
}

/// <summary>A number an old document claimed (<c>100+</c>, <c>⭐⭐⭐⭐⭐</c>, <c>195%</c>): a labelled baseline, never a computed metric.</summary>
public sealed record MetricClaimImported : KnowledgeEvent
{
    /// <summary>The label as written (<c>Всего задач выполнено</c>).</summary>
    public required string Label { get; init; }
    /// <summary>The value as written (<c>100+</c>).</summary>
    public required string Value { get; init; }
}

/// <summary>The expertise level computed from evidence changed (up or down); docs/LEVELS.md has the formula.</summary>
public sealed record LevelReached : KnowledgeEvent
{
    /// <summary>The level now, 1–5.</summary>
    public required int Level { get; init; }
    /// <summary>The level recorded before, 0 when none was.</summary>
    public int Previous { get; init; }
    /// <summary>One line: the stars and the evidence (<c>★★★☆☆ — 14 tasks, 86% successful, 6 problems solved</c>).</summary>
    public required string Reason { get; init; }
}

/// <summary>An expert's status; stored and shown as <c>active</c>, <c>paused</c>, <c>retired</c> (the attribute keeps that text in every serializer).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExpertStatus>))]
public enum ExpertStatus
{
    /// <summary>Working.</summary>
    [JsonStringEnumMemberName("active")] Active,
    /// <summary>Temporarily not taking tasks.</summary>
    [JsonStringEnumMemberName("paused")] Paused,
    /// <summary>Left the team; kept for history.</summary>
    [JsonStringEnumMemberName("retired")] Retired,
}

/// <summary>Reading and writing <see cref="ExpertStatus"/> as text.</summary>
public static class ExpertStatuses
{
    /// <summary>The allowed texts, for error messages: <c>active, paused or retired</c>.</summary>
    public static string Allowed => EnumCodes<ExpertStatus>.Allowed;

    /// <summary>The stored text of a status (<c>active</c>).</summary>
    public static string Code(this ExpertStatus status) => EnumCodes<ExpertStatus>.Code(status);

    /// <summary>Parses a status case-insensitively; null when unknown.</summary>
    public static ExpertStatus? Parse(string? s) => EnumCodes<ExpertStatus>.ParseLoose(s);

    /// <summary>Parses a status given as input; an unknown one is an <see cref="InputException"/> naming <paramref name="field"/>
    /// and the allowed values. Null stays null (unchanged / default).</summary>
    public static ExpertStatus? ParseInput(string? s, string field = "status") =>
        s is null ? null : Parse(s) ?? throw InputException.Of($"Unknown status '{s}' (expected {Allowed}).", field, ErrorCodes.OptionValueUnknown, field, s, Allowed);
}

/// <summary>How a task went for an expert; stored and shown as <c>success</c>, <c>partial</c>, <c>failure</c> (the attribute keeps that text in every serializer).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Outcome>))]
public enum Outcome
{
    /// <summary>Done as intended.</summary>
    [JsonStringEnumMemberName("success")] Success,
    /// <summary>Done in part.</summary>
    [JsonStringEnumMemberName("partial")] Partial,
    /// <summary>Not done.</summary>
    [JsonStringEnumMemberName("failure")] Failure,
    /// <summary>The report did not say: counted neither as a success nor as a failure.</summary>
    [JsonStringEnumMemberName("unknown")] Unknown,
}

/// <summary>Reading and writing <see cref="Outcome"/> as text.</summary>
public static class Outcomes
{
    /// <summary>Parses an outcome case-insensitively, its code or a word reports use for it (<c>done</c>, <c>failed</c>); null when unknown.</summary>
    public static Outcome? Parse(string? s) => EnumCodes<Outcome>.ParseLoose(s) ?? s?.Trim().ToLowerInvariant() switch
    {
        "successful" or "succeeded" or "ok" or "done" => Outcome.Success,
        "partially" or "partial_success" => Outcome.Partial,
        "failed" or "fail" => Outcome.Failure,
        _ => null,
    };

    /// <summary>The stored text of an outcome (<c>success</c>).</summary>
    public static string Code(this Outcome outcome) => EnumCodes<Outcome>.Code(outcome);
}
