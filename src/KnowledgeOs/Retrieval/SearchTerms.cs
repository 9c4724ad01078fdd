using System.Text;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Text;

namespace KnowledgeOs.Retrieval;

/// <summary>
/// What the search index holds for an item and what a query asks of it, in one place so both stores index and
/// query exactly the same terms: the <see cref="TextAnalyzer"/> terms in order, then the cognate keys of the words
/// (<see cref="Cognates"/>, after every term so phrases stay adjacent), then the lemma keys of the words whose
/// dictionary form has another term (<see cref="Lemmas"/>; none without the Hunspell dictionaries), joined by spaces (letters and digits only,
/// so neither SQLite's unicode61 tokenizer nor PostgreSQL's <c>simple</c> parser splits them further).
/// </summary>
public static class SearchTerms
{
    // The fields whose words a reader searches for; dates (found_at) and task ids are not words.
    private static readonly string[] IndexedFields =
        [ItemFields.Author, ItemFields.Description, ItemFields.Origin, ItemFields.Category, ItemFields.Application, ItemFields.Heading];

    /// <summary>The indexed terms of an item: its text, every solution of a problem, and the descriptive fields.</summary>
    public static string Of(KnowledgeItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var words = new List<AnalyzedWord>();
        words.AddRange(TextAnalyzer.Words(item.Text));
        foreach (var solution in item.Solutions) words.AddRange(TextAnalyzer.Words(solution));
        // Most items have none of these fields: no empty analysis for each.
        foreach (var field in IndexedFields)
            if (item.Field(field) is { Length: > 0 } value) words.AddRange(TextAnalyzer.Words(value));
        return string.Join(' ', IndexTerms(words));
    }

    /// <summary>The terms a text is indexed as: its terms in order, then its words' cognate keys, then their lemma keys (repeats kept).</summary>
    public static IReadOnlyList<string> IndexTerms(string? text) => IndexTerms(TextAnalyzer.Words(text));

    private static List<string> IndexTerms(IReadOnlyList<AnalyzedWord> words)
    {
        var terms = new List<string>(words.Count * 2);
        foreach (var word in words) terms.Add(word.Term);
        foreach (var word in words)
            if (Cognates.Key(word.Word) is { } key) terms.Add(key);
        // Lemma keys last, so an index written without a dictionary holds the same terms before them.
        foreach (var word in words)
            foreach (var lemma in Lemmas.Of(word).Other) terms.Add(Lemmas.Key(lemma));
        return terms;
    }

    /// <summary>The query expanded (<see cref="QueryPlan"/>), checked, with the filters validated.</summary>
    /// <exception cref="InputException">Nothing searchable is left (<c>q</c>), or a filter is wrong (<c>team</c>, <c>expert</c>, <c>limit</c>, <c>offset</c>).</exception>
    public static QueryPlan Check(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ExpertDecider.ValidateSlug(query.Team, "team");
        foreach (var expert in query.Experts ?? []) ExpertDecider.ValidateSlug(expert, "expert");
        foreach (var section in query.Sections ?? [])
            if (!Enum.IsDefined(section)) throw InputException.Of($"Unknown section '{section}' (expected {SectionCatalog.Codes}).", "section",
                ErrorCodes.OptionValueUnknown, "section", section.ToString(), SectionCatalog.Codes);
        if (query.Limit is < 1 or > SearchQuery.MaxLimit)
            throw InputException.Of($"limit must be between 1 and {SearchQuery.MaxLimit}.", "limit", ErrorCodes.NumberNotBetween, "limit", "1",
                SearchQuery.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (query.Offset < 0) throw InputException.Of("offset must be 0 or more.", "offset", ErrorCodes.NumberNotBetween, "offset", "0", "");
        // The words of the request itself («нужно», "please", «добавить») do not compete with what it is about (RequestWords).
        var words = RequestWords.Drop(TextAnalyzer.Words(query.Text));
        if (words.Count == 0)
        {
            throw new InputException(string.IsNullOrWhiteSpace(query.Text)
                ? "q is empty: give the words to search for."
                : $"q '{query.Text}' has nothing to search for: only stop words, punctuation or symbols.", "q")
                .WithCode(ErrorCodes.NothingToSearch, "q");
        }
        // A pasted paragraph keeps the words of its first MaxQueryTerms distinct terms (in order, phrases intact).
        var kept = words.Select(w => w.Term).Distinct(StringComparer.Ordinal).Take(MaxQueryTerms).ToHashSet(StringComparer.Ordinal);
        return QueryPlan.Build([.. words.Where(w => kept.Contains(w.Term))], query.Prefix, Glossary.Technical, query.TeamGlossary);
    }

    /// <summary>
    /// Items a query word may match and still make a partial match on its own. A word more items hold than this
    /// (in the whole index) counts only together with the others: ranking every item that holds a word most items
    /// hold was most of a slow query, and an item sharing only that word with the query is noise.
    /// </summary>
    public const int FrequentWord = 5_000;

    /// <summary>
    /// The groups a partial-match query is built from: those no more than <see cref="FrequentWord"/> items hold, or
    /// every group when all of them are that frequent (nothing else could be found).
    /// </summary>
    public static IReadOnlyList<QueryGroup> PartialGroups(QueryPlan plan, IReadOnlyList<bool> frequent)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(frequent);
        var rare = plan.Groups.Where((_, i) => !frequent[i]).ToList();
        return rare.Count > 0 ? rare : plan.Groups;
    }

    /// <summary>Most distinct words a search query keeps (a pasted paragraph keeps its first ones).</summary>
    public const int MaxQueryTerms = 32;

    /// <summary>
    /// Ranks the candidates a store found for a plan: each one's matched groups are read from its indexed terms; hits
    /// matching more query words come first, then those matching more of them as written (or a form of them), then by
    /// the store's relevance, then by identity (stable pages).
    /// </summary>
    public static IReadOnlyList<SearchHit> Rank(QueryPlan plan, IEnumerable<(SearchHit Hit, string Terms)> candidates, int offset, int limit)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(candidates);
        var ranked = new List<SearchHit>();
        var seen = new HashSet<(string, string)>();
        foreach (var (hit, terms) in candidates)
        {
            if (!seen.Add((hit.Expert, hit.ItemId))) continue;
            var matches = plan.Match(terms.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            if (matches.Count == 0) continue;
            ranked.Add(hit with { Matches = matches });
        }
        return [.. Order(ranked).Skip(offset).Take(limit)];
    }

    /// <summary>
    /// Hits in search order: the most query words matched first, then the most matched as written, then by score
    /// (an item's relevance × usefulness; task hits score 0, so they follow the items that match as many words).
    /// </summary>
    public static IEnumerable<SearchHit> Order(IEnumerable<SearchHit> hits)
    {
        ArgumentNullException.ThrowIfNull(hits);
        return hits
            .OrderByDescending(h => h.Matches?.Count ?? 0)
            // At equal coverage the item that says the words themselves comes before one found through a translation:
            // a rare translation's high idf must not push the query's own wording down.
            .ThenByDescending(h => h.Matches?.Count(m => m.How is MatchKind.Stem or MatchKind.Lemma) ?? 0)
            .ThenByDescending(h => h.Score)
            .ThenBy(h => h.Expert, StringComparer.Ordinal)
            .ThenBy(h => h.ItemId, StringComparer.Ordinal);
    }
}
