using KnowledgeOs.Embeddings;

namespace KnowledgeOs.Retrieval;

/// <summary>
/// A task's matching items over a team with embeddings (docs/RETRIEVAL.md, "Hybrid"): the lexical matches of the whole
/// team (<see cref="TeamCorpus.Match"/>, best first) and the items nearest the task's vector (cosine, best first) fused
/// by reciprocal rank (<see cref="RankFusion"/>). An item only the vectors found enters with no matched words and its
/// cosine (<see cref="ItemMatch.Similarity"/>). RRF gives an order, not a score on BM25's scale, so the fused list takes
/// the lexical scores by position — the n-th fused item gets the n-th best lexical score — and routing's knowledge part
/// and a pack's order keep the scale they have without embeddings; past the lexical list, an item scores
/// <c>cosine × evidence × <see cref="VectorScale"/></c>, never above the one before it.
/// Only available experts' items are fused (a retired expert's, even the nearest, take no place); a retired expert
/// named in a pack is answered lexically (<see cref="TeamCorpus.Matches(AnalyzedExpert, TaskQuery, HybridMatches?)"/>).
/// Pure: the neighbours come in as data.
/// </summary>
public sealed class HybridMatches
{
    /// <summary>Neighbours asked for per task: as many as a pack tries per participant, roughly.</summary>
    public const int MaxNeighbours = 50;

    /// <summary>What a vector-only item scores per unit of cosine × evidence when no lexical score is left to take: about one shared word of middling rarity.</summary>
    public const double VectorScale = 2.0;

    private readonly Dictionary<string, List<ItemMatch>> _byExpert;

    private HybridMatches(Dictionary<string, List<ItemMatch>> byExpert) => _byExpert = byExpert;

    /// <summary>
    /// The fused matches of <paramref name="query"/> (already expanded with the team glossary), or null when no
    /// neighbour is an item of the corpus: then the answer is the lexical one, unchanged.
    /// </summary>
    public static HybridMatches? Of(TeamCorpus corpus, TaskQuery query, IReadOnlyList<Neighbour> neighbours)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(neighbours);
        if (neighbours.Count == 0) return null;
        // Retired experts take no tasks (ExpertRouting leaves them out): their items take no place in either list, or
        // the available experts' items would be pushed down and take lower scores by position.
        var lexical = corpus.Experts.Where(e => e.Available).SelectMany(e => corpus.Match(e, query)).ToList();
        lexical.Sort(TeamCorpus.ByScore);
        var byKey = lexical.ToDictionary(Key);
        var vector = new List<ItemMatch>();
        foreach (var group in neighbours.GroupBy(n => n.Key.Expert, StringComparer.Ordinal))
        {
            if (corpus.Find(group.Key) is not { Available: true } expert) continue;
            var wanted = group.ToDictionary(n => n.Key.ItemId, n => n.Similarity, StringComparer.Ordinal);
            foreach (var item in expert.Items)
            {
                if (!wanted.TryGetValue(item.Item.Id, out var similarity)) continue;
                var key = new VectorKey(expert.State.Slug, item.Item.Id);
                vector.Add(byKey.TryGetValue(key, out var both)
                    ? both with { Similarity = similarity }
                    : new ItemMatch(expert, item, 0, Evidence.Of(item, corpus.Newest), [], []) { Similarity = similarity });
            }
        }
        if (vector.Count == 0) return null;
        vector.Sort((a, b) => b.Similarity!.Value.CompareTo(a.Similarity!.Value) is var c && c != 0 ? c : TeamCorpus.ByScore(a, b));
        var cosines = vector.ToDictionary(Key, v => v.Similarity);
        var fused = RankFusion.Fuse([lexical, vector], Key);
        var byExpert = new Dictionary<string, List<ItemMatch>>(StringComparer.Ordinal);
        var previous = double.MaxValue;
        for (var i = 0; i < fused.Count; i++)
        {
            // The vector list's copy carries the cosine; the lexical one the words. Take the words' one with the cosine added.
            var key = Key(fused[i].Item);
            var match = byKey.TryGetValue(key, out var words) ? words : fused[i].Item;
            var similarity = cosines.GetValueOrDefault(key);
            var score = i < lexical.Count ? lexical[i].Score
                : Math.Min(previous, (similarity ?? 0) * match.Evidence * VectorScale);
            previous = score;
            var hybrid = match with { Relevance = match.Evidence > 0 ? score / match.Evidence : 0, Similarity = similarity };
            if (!byExpert.TryGetValue(key.Expert, out var list)) byExpert[key.Expert] = list = [];
            list.Add(hybrid);
        }
        foreach (var list in byExpert.Values) list.Sort(TeamCorpus.ByScore);
        return new HybridMatches(byExpert);
    }

    /// <summary>The expert's fused matches, best first (empty when none, and for a retired expert).</summary>
    public IReadOnlyList<ItemMatch> For(AnalyzedExpert expert)
    {
        ArgumentNullException.ThrowIfNull(expert);
        return _byExpert.TryGetValue(expert.State.Slug, out var list) ? list : [];
    }

    private static VectorKey Key(ItemMatch m) => new(m.Expert.State.Slug, m.Item.Item.Id);
}
