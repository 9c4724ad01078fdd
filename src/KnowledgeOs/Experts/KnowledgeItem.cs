using System.Collections.Immutable;
using System.Text.Json.Serialization;
using KnowledgeOs.Sections;
using KnowledgeOs.Text;

namespace KnowledgeOs.Experts;

/// <summary>One item of a knowledge base, with where it came from and every later confirmation.</summary>
/// <param name="Id">Stable id from the section family and the normalized text.</param>
/// <param name="Section">Current section (a promoted item moves from learned to known).</param>
/// <param name="Text">Main text as first written.</param>
/// <param name="Fields">Section-specific fields (author, description, category, found_at, heading, task…).</param>
/// <param name="Solutions">For problems: every distinct solution, in the order seen.</param>
/// <param name="Source">Source that first recorded the item.</param>
/// <param name="FirstAt">When the first evidence happened.</param>
/// <param name="Order">Recording order within the expert, for stable rendering.</param>
/// <param name="Confirmations">Later evidence of the same item.</param>
/// <param name="Status"><c>active</c> or <c>retracted</c>.</param>
/// <param name="RetractReason">Why it was retracted, if it was.</param>
public sealed record KnowledgeItem(
    string Id,
    SectionKind Section,
    string Text,
    ImmutableSortedDictionary<string, string> Fields,
    ImmutableList<string> Solutions,
    string Source,
    DateTimeOffset FirstAt,
    int Order,
    ImmutableList<Confirmation> Confirmations,
    ItemStatus Status,
    string? RetractReason)
{
    /// <summary>Active items render; retracted ones stay in history only.</summary>
    public bool IsActive => Status == ItemStatus.Active;

    /// <summary>Every source that evidenced the item: the first and each confirmation.</summary>
    public IEnumerable<string> AllSources => Confirmations.Select(c => c.Source).Prepend(Source);

    /// <summary>
    /// Whether a source already evidenced the item (<c>AllSources.Contains(source)</c> as a lookup: deciding and folding
    /// a report ask it for every item the report touches, and a popular item has a confirmation per task).
    /// </summary>
    public bool HasSource(string source) =>
        string.Equals(Source, source, StringComparison.Ordinal) || HistoryKeys<Confirmation>.Contains(Confirmations, source, ConfirmationSource);

    /// <summary>Whether the task already counts as a use of the item (<c>Uses.Exists(u => u.TaskId == taskId)</c> as a lookup).</summary>
    public bool HasUse(string taskId) => HistoryKeys<ItemUse>.Contains(Uses, taskId, UseTask);

    /// <summary>The item with a confirmation added, its sources' lookup carried over.</summary>
    public KnowledgeItem Confirmed(Confirmation confirmation) =>
        this with { Confirmations = HistoryKeys<Confirmation>.Add(Confirmations, confirmation, ConfirmationSource) };

    /// <summary>The item with a use added, its tasks' lookup carried over.</summary>
    public KnowledgeItem Used(ItemUse use) => this with { Uses = HistoryKeys<ItemUse>.Add(Uses, use, UseTask) };

    private static readonly Func<Confirmation, string> ConfirmationSource = c => c.Source;

    private static readonly Func<ItemUse, string> UseTask = u => u.TaskId;

    /// <summary>A field value, or empty.</summary>
    public string Field(string name) => Fields.TryGetValue(name, out var v) ? v : "";

    /// <summary>Tasks whose reports said they used the item, one per task, in the order recorded.</summary>
    public ImmutableList<ItemUse> Uses { get; init; } = [];
}

/// <summary>A task that used an item, and how it went.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Outcome">How it went.</param>
/// <param name="At">When it completed.</param>
public sealed record ItemUse(string TaskId, Events.Outcome Outcome, DateTimeOffset At);

/// <summary>A later piece of evidence for an item.</summary>
/// <param name="Source">Where it came from.</param>
/// <param name="At">When it happened.</param>
public sealed record Confirmation(string Source, DateTimeOffset At);

/// <summary>Whether an item is shown; stored and shown as <c>active</c>, <c>retracted</c> (the attribute keeps that text in every serializer).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ItemStatus>))]
public enum ItemStatus
{
    /// <summary>Shown in the knowledge base.</summary>
    [JsonStringEnumMemberName("active")] Active,
    /// <summary>Withdrawn by hand; kept in history.</summary>
    [JsonStringEnumMemberName("retracted")] Retracted,
}

/// <summary>Reading and writing <see cref="ItemStatus"/> as text.</summary>
public static class ItemStatuses
{
    /// <summary>The stored text of a status (<c>active</c>).</summary>
    public static string Code(this ItemStatus status) => EnumCodes<ItemStatus>.Code(status);

    /// <summary>Parses a status case-insensitively; null when unknown.</summary>
    public static ItemStatus? Parse(string? s) => EnumCodes<ItemStatus>.ParseLoose(s);

    /// <summary>Reads a status the store wrote.</summary>
    /// <exception cref="FormatException">Text no version of kos writes.</exception>
    public static ItemStatus FromStored(string s) => Parse(s) ?? throw new FormatException($"Unknown item status '{s}' in the store.");
}

/// <summary>Item field names, one place for the spelling.</summary>
public static class ItemFields
{
    /// <summary>Book author.</summary>
    public const string Author = "author";
    /// <summary>Best practice description.</summary>
    public const string Description = "description";
    /// <summary>Best practice source (a book, a URL).</summary>
    public const string Origin = "origin";
    /// <summary>Best practice category.</summary>
    public const string Category = "category";
    /// <summary>Best practice application.</summary>
    public const string Application = "application";
    /// <summary>When a best practice was found (the old <c>Дата поиска</c>).</summary>
    public const string FoundAt = "found_at";
    /// <summary>The task a case came from.</summary>
    public const string Task = "task";
    /// <summary>The heading an unknown section had, kept verbatim.</summary>
    public const string Heading = "heading";
    /// <summary>Initial solution of a problem.</summary>
    public const string Solution = "solution";
}
