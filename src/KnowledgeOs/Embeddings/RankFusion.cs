namespace KnowledgeOs.Embeddings;

/// <summary>One entry of a fused ranking: the entry, its fused score and its 1-based rank in each list (0 = absent).</summary>
/// <typeparam name="T">The ranked entry.</typeparam>
/// <param name="Item">The entry as the first list that had it gave it.</param>
/// <param name="Score">The sum of 1 / (k + rank) over the lists that have it; higher is better.</param>
/// <param name="Ranks">Its rank in each list, in the order the lists were given; 0 where a list lacks it.</param>
public sealed record Fused<T>(T Item, double Score, IReadOnlyList<int> Ranks);

/// <summary>
/// Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): the one place lexical and vector hit lists become
/// one ranking. Only ranks count, never the lists' scores, so BM25, ts_rank and cosine need no common scale.
/// </summary>
public static class RankFusion
{
    /// <summary>The usual constant: it damps the weight of the very first ranks so that agreement between lists wins.</summary>
    public const int DefaultK = 60;

    /// <summary>The lists fused, best first; ties keep the order of the first list that has the entry, then list order.</summary>
    /// <param name="lists">Rankings, best first; an entry appears at most once per list (a repeat is ignored).</param>
    /// <param name="key">What makes two entries of different lists the same.</param>
    /// <param name="k">The damping constant (at least 1).</param>
    public static IReadOnlyList<Fused<T>> Fuse<T, TKey>(IReadOnlyList<IReadOnlyList<T>> lists, Func<T, TKey> key, int k = DefaultK)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var entries = new Dictionary<TKey, (T Item, double Score, int[] Ranks, int Seen)>();
        var seen = 0;
        for (var l = 0; l < lists.Count; l++)
        {
            for (var r = 0; r < lists[l].Count; r++)
            {
                var item = lists[l][r];
                var id = key(item);
                if (!entries.TryGetValue(id, out var entry)) entry = (item, 0, new int[lists.Count], seen++);
                if (entry.Ranks[l] != 0) continue;
                entry.Ranks[l] = r + 1;
                entry.Score += 1.0 / (k + r + 1);
                entries[id] = entry;
            }
        }
        return [.. entries.Values.OrderByDescending(e => e.Score).ThenBy(e => e.Seen).Select(e => new Fused<T>(e.Item, e.Score, e.Ranks))];
    }
}
