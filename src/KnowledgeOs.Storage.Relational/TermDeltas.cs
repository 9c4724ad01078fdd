namespace KnowledgeOs.Storage.Relational;

/// <summary>
/// How a search document's change moves the per-term document counts (<c>term_docs</c>): +1 for each distinct term the
/// new terms hold and the old did not, −1 for each the old held and the new does not. Terms are the space-separated
/// words of <c>items.terms</c> (<see cref="KnowledgeOs.Retrieval.SearchTerms"/>), which is what the full-text index splits.
/// </summary>
public static class TermDeltas
{
    /// <summary>The changes in ordinal term order (one lock order for every writer); none when the terms are the same.</summary>
    /// <param name="old">The document's terms before (null when it was not indexed).</param>
    /// <param name="now">Its terms after (null when it is dropped).</param>
    public static IReadOnlyList<(string Term, int Delta)> Of(string? old, string? now)
    {
        if (string.Equals(old, now, StringComparison.Ordinal)) return [];
        var before = Distinct(old);
        var after = Distinct(now);
        var deltas = new List<(string, int)>();
        foreach (var term in after) if (!before.Contains(term)) deltas.Add((term, 1));
        foreach (var term in before) if (!after.Contains(term)) deltas.Add((term, -1));
        deltas.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return deltas;
    }

    /// <summary>The distinct terms of a document's terms text.</summary>
    public static HashSet<string> Distinct(string? terms) =>
        terms is null ? [] : new HashSet<string>(terms.Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
}
