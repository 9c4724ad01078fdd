using System.Text;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Retrieval;

/// <summary>
/// What the search index holds for an item and what a query asks of it, in one place so both stores index and
/// query exactly the same terms: the <see cref="TextAnalyzer"/> terms, joined by spaces (letters and digits only,
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
        var terms = new StringBuilder();
        Append(terms, item.Text);
        foreach (var solution in item.Solutions) Append(terms, solution);
        foreach (var field in IndexedFields) Append(terms, item.Field(field));
        return terms.ToString();
    }

    /// <summary>The distinct terms a query must all match, checked, with the filters validated.</summary>
    /// <exception cref="InputException">Nothing searchable is left (<c>q</c>), or a filter is wrong (<c>team</c>, <c>expert</c>, <c>limit</c>, <c>offset</c>).</exception>
    public static IReadOnlyList<string> Check(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ExpertDecider.ValidateSlug(query.Team, "team");
        foreach (var expert in query.Experts ?? []) ExpertDecider.ValidateSlug(expert, "expert");
        foreach (var section in query.Sections ?? [])
            if (!Enum.IsDefined(section)) throw new InputException($"Unknown section '{section}' (expected {SectionCatalog.Codes}).", "section");
        if (query.Limit is < 1 or > SearchQuery.MaxLimit)
            throw new InputException($"limit must be between 1 and {SearchQuery.MaxLimit}.", "limit");
        if (query.Offset < 0) throw new InputException("offset must be 0 or more.", "offset");
        var terms = TextAnalyzer.DistinctTerms(query.Text);
        if (terms.Count == 0)
        {
            throw new InputException(string.IsNullOrWhiteSpace(query.Text)
                ? "q is empty: give the words to search for."
                : $"q '{query.Text}' has nothing to search for: only stop words, punctuation or symbols.", "q");
        }
        return terms;
    }

    private static void Append(StringBuilder terms, string? text)
    {
        foreach (var term in TextAnalyzer.Terms(text))
        {
            if (terms.Length > 0) terms.Append(' ');
            terms.Append(term);
        }
    }
}
