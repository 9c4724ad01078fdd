using KnowledgeOs.Experts;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Retrieval;

/// <summary>
/// Full-text search over a team's knowledge items, kept by the store as an inline projection (written in the same
/// transaction as the item rows, rebuilt with them). Both stores index the same analyzed terms
/// (<see cref="SearchTerms"/>), so a query finds the same items on either; only the score's scale differs.
/// </summary>
public interface ISearchIndex
{
    /// <summary>Items matching the query's words (<see cref="QueryPlan"/>): those matching the most words first, then by relevance.</summary>
    /// <exception cref="InputException">The query is empty after analysis (<c>q</c>) or a filter is out of range.</exception>
    Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken ct);
}

/// <summary>A search request.</summary>
/// <param name="Team">The team searched; required, results never cross teams.</param>
/// <param name="Text">What the user typed; analyzed with <see cref="TextAnalyzer"/> and expanded (<see cref="QueryPlan"/>).</param>
/// <param name="Experts">Only these experts (slugs), when not empty.</param>
/// <param name="Sections">Only these sections, when not empty.</param>
/// <param name="IncludeRetracted">Also retracted items (default: active only).</param>
/// <param name="Prefix">The last term matches as a prefix (search as you type).</param>
/// <param name="Limit">Hits returned at most (1–<see cref="MaxLimit"/>).</param>
/// <param name="Offset">Hits skipped first, for paging.</param>
/// <param name="TeamGlossary">The team's own glossary (<see cref="Retrieval.TeamGlossary"/>), when the caller has it.</param>
public sealed record SearchQuery(
    string Team,
    string Text,
    IReadOnlyList<string>? Experts = null,
    IReadOnlyList<SectionKind>? Sections = null,
    bool IncludeRetracted = false,
    bool Prefix = false,
    int Limit = SearchQuery.DefaultLimit,
    int Offset = 0,
    Glossary? TeamGlossary = null)
{
    /// <summary>Hits returned when no limit is given.</summary>
    public const int DefaultLimit = 20;

    /// <summary>The largest limit accepted.</summary>
    public const int MaxLimit = 1000;
}

/// <summary>One item a search found.</summary>
/// <param name="Team">Team.</param>
/// <param name="Expert">Expert slug.</param>
/// <param name="ItemId">Item id.</param>
/// <param name="Section">Section the item is in now.</param>
/// <param name="Text">The item's text as shown in the knowledge base.</param>
/// <param name="Status"><c>active</c> or <c>retracted</c>.</param>
/// <param name="Confirmations">Later confirmations of the item.</param>
/// <param name="Score">Relevance, higher is better; comparable within one store only (BM25 on SQLite, ts_rank on PostgreSQL).</param>
/// <param name="Matches">Which query words the item matched and how (stem, lemma, glossary, team glossary, transliteration); hits matching more words rank first.</param>
public sealed record SearchHit(string Team, string Expert, string ItemId, SectionKind Section, string Text, ItemStatus Status, int Confirmations, double Score,
    IReadOnlyList<TermMatch>? Matches = null)
{
    /// <summary>A knowledge item, or a task's task-level knowledge (<see cref="TaskSearch"/>).</summary>
    public SearchHitKind Kind { get; init; } = SearchHitKind.Item;

    /// <summary>The task of a task hit (its <see cref="ItemId"/> is <c>task:</c> and this id); null for an item.</summary>
    public string? TaskId { get; init; }

    /// <summary>Every expert who took part in the task of a task hit, by slug; null for an item.</summary>
    public IReadOnlyList<string>? TaskExperts { get; init; }

    /// <summary>The item's usefulness factor (<see cref="Retrieval.Usefulness"/>) already in <see cref="Score"/>; 1 when no task used it.</summary>
    public double Usefulness { get; init; } = 1;

    /// <summary>
    /// The cosine of the item's vector with the query's when the vector side of a hybrid search found it (alone or
    /// with the words: <see cref="Matches"/> says which words, if any); null when only the words found it or there are no embeddings.
    /// </summary>
    public double? Similarity { get; init; }

    /// <summary>What the hit's section reads as: the section's code, or <c>task</c> for a task hit.</summary>
    public string SectionCode => Kind == SearchHitKind.Task ? "task" : Section.Code();
}

/// <summary>What a search hit is.</summary>
public enum SearchHitKind
{
    /// <summary>A knowledge item.</summary>
    Item,

    /// <summary>A task's task-level knowledge: its description, overall lists, measurements and what to improve.</summary>
    Task,
}
