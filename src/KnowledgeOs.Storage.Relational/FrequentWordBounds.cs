using KnowledgeOs.Retrieval;

namespace KnowledgeOs.Storage.Relational;

/// <summary>
/// Whether a query word is frequent (more than <see cref="SearchTerms.FrequentWord"/> documents hold it), decided from
/// the kept per-term document counts (<c>term_docs</c>) when their bounds settle it, so the match is counted only when
/// they do not. An alternative's documents: a single term, exactly its count; a prefix, at least its most frequent
/// matching term's count and at most the sum over them; a phrase, at most its rarest term's. A group's: at least its
/// largest alternative's, at most their sum. A term the table does not hold is unknown (the index might split it
/// otherwise), never taken as zero.
/// </summary>
/// <param name="Terms">The count of each known term.</param>
/// <param name="Prefixes">For each prefix asked, the largest and the summed count of the terms it starts.</param>
public sealed record FrequentWordBounds(IReadOnlyDictionary<string, long> Terms, IReadOnlyDictionary<string, (long Max, long Sum)> Prefixes)
{
    /// <summary>The whole terms and the prefixes whose counts a plan's groups need.</summary>
    public static (IReadOnlyList<string> Terms, IReadOnlyList<string> Prefixes) Wanted(IEnumerable<QueryGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var terms = new SortedSet<string>(StringComparer.Ordinal);
        var prefixes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var alternative in groups.SelectMany(g => g.Alternatives))
        {
            for (var i = 0; i < alternative.Terms.Count; i++)
            {
                if (alternative.Prefix && i == alternative.Terms.Count - 1) prefixes.Add(alternative.Terms[i]);
                else terms.Add(alternative.Terms[i]);
            }
        }
        return ([.. terms], [.. prefixes]);
    }

    /// <summary>True or false when the bounds settle whether more than <paramref name="threshold"/> documents hold the group; null when only a count can tell.</summary>
    public bool? Frequent(QueryGroup group, long threshold)
    {
        ArgumentNullException.ThrowIfNull(group);
        long least = 0;
        long most = 0;
        foreach (var alternative in group.Alternatives)
        {
            var (low, high) = Bounds(alternative);
            least = Math.Max(least, low);
            most = high is null || most == long.MaxValue ? long.MaxValue : most + high.Value;
        }
        if (least > threshold) return true;
        if (most <= threshold) return false;
        return null;
    }

    // The least and most documents an alternative can match; no most when a term of it is unknown and nothing bounds it.
    private (long Least, long? Most) Bounds(QueryAlternative alternative)
    {
        long? most = null;
        long least = 0;
        for (var i = 0; i < alternative.Terms.Count; i++)
        {
            var term = alternative.Terms[i];
            (long Low, long High)? known = alternative.Prefix && i == alternative.Terms.Count - 1
                ? Prefixes.TryGetValue(term, out var p) && p.Sum > 0 ? (p.Max, p.Sum) : null
                : Terms.TryGetValue(term, out var n) ? (n, n) : null;
            if (known is not { } k) continue;
            most = most is null ? k.High : Math.Min(most.Value, k.High);
            if (alternative.Terms.Count == 1) least = k.Low;
        }
        return (least, most);
    }
}
