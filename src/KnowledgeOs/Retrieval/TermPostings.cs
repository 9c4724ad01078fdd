namespace KnowledgeOs.Retrieval;

/// <summary>One item holding a term: its index in <see cref="AnalyzedExpert.Items"/> and how often it holds the term.</summary>
/// <param name="Item">Index of the item in the expert's items.</param>
/// <param name="Frequency">The term's count in the item (at least 1).</param>
public readonly record struct Posting(int Item, int Frequency);

/// <summary>
/// An expert's inverted index: term → the items holding it, in item order. Built once per analyzed expert (so an expert
/// whose version did not change keeps its postings), it lets a query score only the items that hold one of its
/// alternatives instead of every item of the team (docs/RETRIEVAL.md, "Indexed ranking").
/// </summary>
public sealed class TermPostings
{
    // Only read after it is built, so concurrent queries may share it.
    private readonly LayeredMap<Posting[]> _postings;

    private TermPostings(LayeredMap<Posting[]> postings) => _postings = postings;

    /// <summary>The items holding a term, in item order; empty when none does.</summary>
    public ReadOnlySpan<Posting> Of(string term) => _postings.TryGetValue(term, out var list) ? list : [];

    /// <summary>How many items hold a term.</summary>
    public int Count(string term) => _postings.TryGetValue(term, out var list) ? list.Length : 0;

    /// <summary>
    /// Indexes items by their term frequencies, taking <paramref name="previous"/>'s postings (of <paramref name="previousItems"/>)
    /// when the items begin with the previous ones' very frequencies (a confirmation, or items added at the end): only the
    /// added items are indexed. Otherwise (an item retracted or changed) it indexes all. The result is the same as
    /// <see cref="Of(IReadOnlyList{AnalyzedItem})"/>'s.
    /// </summary>
    public static TermPostings Of(IReadOnlyList<AnalyzedItem> items, TermPostings? previous, IReadOnlyList<AnalyzedItem>? previousItems)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (previous is null || previousItems is null || items.Count < previousItems.Count) return Of(items);
        for (var i = 0; i < previousItems.Count; i++)
            if (!ReferenceEquals(items[i].Frequencies, previousItems[i].Frequencies)) return Of(items);
        if (items.Count == previousItems.Count) return previous;
        // Only the added items' terms change: the other lists are the previous ones (a layer over them, not a copy).
        var added = new Dictionary<string, (bool Present, Posting[] Value)>(StringComparer.Ordinal);
        for (var i = previousItems.Count; i < items.Count; i++)
        {
            foreach (var (term, frequency) in items[i].Frequencies)
            {
                var list = added.TryGetValue(term, out var changed) ? changed.Value : previous._postings.GetValueOrDefault(term);
                added[term] = (true, list is null ? [new Posting(i, frequency)] : [.. list, new Posting(i, frequency)]);
            }
        }
        return new TermPostings(previous._postings.With(added));
    }

    /// <summary>Indexes items by their term frequencies.</summary>
    public static TermPostings Of(IReadOnlyList<AnalyzedItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var lists = new Dictionary<string, List<Posting>>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            foreach (var (term, frequency) in items[i].Frequencies)
            {
                if (!lists.TryGetValue(term, out var list)) lists[term] = list = [];
                list.Add(new Posting(i, frequency));
            }
        }
        return new TermPostings(LayeredMap<Posting[]>.Of(lists.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal)));
    }
}
