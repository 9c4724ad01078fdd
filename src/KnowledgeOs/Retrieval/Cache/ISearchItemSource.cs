using KnowledgeOs.Experts;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Retrieval.Cache;

/// <summary>
/// A store's item rows as its search index holds them (read-only): what <see cref="IndexedSearch"/> loads a team's
/// in-memory index from and re-reads a changed expert's items with, the analyzed <c>terms</c> exactly as the writer
/// stored them (<see cref="SearchTerms.Of"/>), so the cache never analyzes text again and cannot disagree with the store.
/// </summary>
public interface ISearchItemSource
{
    /// <summary>The team's item rows (or one expert's, when <paramref name="expert"/> is given), ordered by expert, then item id.</summary>
    IAsyncEnumerable<SearchItemRow> ReadSearchItemsAsync(string team, string? expert, CancellationToken ct);

    /// <summary>Those of the expert's item rows whose ids are given (an id without a row is skipped), ordered by item id.</summary>
    IAsyncEnumerable<SearchItemRow> ReadSearchItemsAsync(string team, string expert, IReadOnlyCollection<string> itemIds, CancellationToken ct);
}

/// <summary>One item row as the search index holds it.</summary>
/// <param name="Expert">Expert slug.</param>
/// <param name="ItemId">Item id.</param>
/// <param name="Section">Section the item is in now.</param>
/// <param name="Text">The item's text as shown.</param>
/// <param name="Status">Active or retracted.</param>
/// <param name="Confirmations">Later confirmations.</param>
/// <param name="Terms">The indexed terms, space-separated (<see cref="SearchTerms.Of"/>).</param>
public sealed record SearchItemRow(string Expert, string ItemId, SectionKind Section, string Text, ItemStatus Status, int Confirmations, string Terms);
