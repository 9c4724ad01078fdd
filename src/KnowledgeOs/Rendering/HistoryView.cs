using KnowledgeOs.Experts;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Rendering;

/// <summary>The provenance of one item: where it came from, when, and every later confirmation.</summary>
/// <param name="ItemId">Item id.</param>
/// <param name="Section">Section code (<c>best_practice</c>).</param>
/// <param name="Text">Main text.</param>
/// <param name="Source">Source that first recorded it.</param>
/// <param name="FirstAt">When the first evidence happened.</param>
/// <param name="Confirmations">Later evidence, in order.</param>
/// <param name="Status"><c>active</c> or <c>retracted</c>.</param>
/// <param name="RetractReason">Why it was retracted, if it was.</param>
public sealed record HistoryRow(
    string ItemId,
    string Section,
    string Text,
    string Source,
    DateTimeOffset FirstAt,
    IReadOnlyList<Confirmation> Confirmations,
    ItemStatus Status,
    string? RetractReason)
{
    /// <summary>Evidence count: the first source and each confirmation.</summary>
    public int Evidence => 1 + Confirmations.Count;

    /// <summary>When the latest evidence happened.</summary>
    public DateTimeOffset LastAt => Confirmations.Count == 0 ? FirstAt : Confirmations.Max(c => c.At);
}

/// <summary>Per-item provenance as rows a CLI or page prints as a table (the Markdown keeps it out of the items).</summary>
public static class HistoryView
{
    /// <summary>Rows in recording order, optionally of one section; retracted items are included unless asked not to.</summary>
    public static IReadOnlyList<HistoryRow> Of(ExpertState state, SectionKind? section = null, bool includeRetracted = true) =>
        [.. state.Items.Values
            .Where(i => (section is null || i.Section == section) && (includeRetracted || i.IsActive))
            .OrderBy(i => i.Order)
            .Select(i => new HistoryRow(i.Id, i.Section.Code(), i.Text, i.Source, i.FirstAt, [.. i.Confirmations], i.Status, i.RetractReason))];
}
