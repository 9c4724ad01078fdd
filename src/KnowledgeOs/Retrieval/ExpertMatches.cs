using System.Buffers;
using System.Numerics;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Retrieval;

/// <summary>
/// An expert's items that match a query, found through the expert's postings (<see cref="TermPostings"/>) and scored
/// exactly as <see cref="TeamCorpus.Match"/> defines it: per query word its best alternative's BM25, summed in word
/// order, times the evidence factor. Holds what routing and context packs need — how many matched, the best few, the
/// counts per section and per word — without building a match object for every matching item. With embeddings the
/// matches are a fused list already built (<see cref="HybridMatches"/>), and the same questions are answered from it.
/// </summary>
public sealed class ExpertMatches
{
    private readonly TeamCorpus _corpus;
    private readonly TaskQuery _query;
    private readonly (QueryAlternative Alternative, double Idf)[][] _scoring;
    private readonly LazyItemFactors _factors;
    private readonly int[] _items;
    private readonly double[] _relevance;
    // Each match's score (relevance × evidence), computed when first asked (0 until then: a score is above 0).
    private readonly double[] _scores;
    private readonly ulong[] _groups;
    private readonly IReadOnlyList<ItemMatch>? _listed;

    internal ExpertMatches(TeamCorpus corpus, AnalyzedExpert expert, TaskQuery query, (QueryAlternative Alternative, double Idf)[][] scoring)
    {
        _corpus = corpus;
        _query = query;
        _scoring = scoring;
        Expert = expert;
        _factors = expert.Factors(corpus.Newest, corpus.AverageLength);
        (_items, _relevance, _groups) = Scan(expert, scoring, _factors);
        _scores = new double[_items.Length];
    }

    // The fused matches of one expert, best first: every answer is read from the list.
    private ExpertMatches(TeamCorpus corpus, AnalyzedExpert expert, TaskQuery query, IReadOnlyList<ItemMatch> listed)
    {
        _corpus = corpus;
        _query = query;
        _scoring = [];
        Expert = expert;
        _factors = default!;
        (_items, _relevance, _groups) = ([], [], []);
        _scores = [.. listed.Select(m => m.Score)];
        _listed = listed;
    }

    /// <summary>An expert's matches given as a list, best first (the hybrid ones of <see cref="HybridMatches.For"/>).</summary>
    internal static ExpertMatches Listed(TeamCorpus corpus, AnalyzedExpert expert, TaskQuery query, IReadOnlyList<ItemMatch> listed) =>
        new(corpus, expert, query, listed);

    /// <summary>Matches found by their vector alone (no query word): 0 without embeddings.</summary>
    public int VectorOnly => _listed?.Count(m => m.Similarity is not null && m.Terms.Count == 0) ?? 0;

    /// <summary>Whose items they are.</summary>
    public AnalyzedExpert Expert { get; }

    /// <summary>How many of the expert's items match.</summary>
    public int Count => _listed?.Count ?? _items.Length;

    /// <summary>The <paramref name="count"/> best scores, best first (what routing's knowledge part sums).</summary>
    public double[] BestScores(int count)
    {
        if (_listed is not null) return [.. _scores.Take(Math.Max(count, 0))];
        var best = new double[Math.Clamp(count, 0, _items.Length)];
        if (best.Length == 0) return best;
        var filled = 0;
        foreach (var m in Candidates(best.Length))
        {
            var score = Score(m);
            if (filled == best.Length && score <= best[^1]) continue;
            var at = filled < best.Length ? filled++ : best.Length - 1;
            while (at > 0 && best[at - 1] < score)
            {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = score;
        }
        return best;
    }

    /// <summary>The <paramref name="count"/> best matches, best first (score, then item id), as <see cref="TeamCorpus.Match"/> orders them.</summary>
    public IReadOnlyList<ItemMatch> Best(int count)
    {
        if (_listed is not null) return [.. _listed.Take(Math.Max(count, 0))];
        var best = new int[Math.Clamp(count, 0, _items.Length)];
        if (best.Length == 0) return [];
        var filled = 0;
        foreach (var m in Candidates(best.Length))
        {
            if (filled == best.Length && Compare(m, best[^1]) >= 0) continue;
            var at = filled < best.Length ? filled++ : best.Length - 1;
            while (at > 0 && Compare(m, best[at - 1]) < 0)
            {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = m;
        }
        return [.. best.Select(Build)];
    }

    /// <summary>Every match, best first (score, then item id).</summary>
    public IReadOnlyList<ItemMatch> All()
    {
        if (_listed is not null) return _listed;
        var all = new List<ItemMatch>(_items.Length);
        for (var m = 0; m < _items.Length; m++) all.Add(Build(m));
        all.Sort(TeamCorpus.ByScore);
        return all;
    }

    /// <summary>Matching items per section, in section order.</summary>
    public Dictionary<SectionKind, int> Sections()
    {
        var counts = new int[SectionCount];
        if (_listed is not null) foreach (var m in _listed) counts[(int)m.Section]++;
        foreach (var i in _items) counts[(int)Expert.Items[i].Item.Section]++;
        var sections = new Dictionary<SectionKind, int>();
        for (var k = 0; k < counts.Length; k++)
            if (counts[k] > 0) sections[(SectionKind)k] = counts[k];
        return sections;
    }

    private static readonly int SectionCount = Enum.GetValues<SectionKind>().Max(k => (int)k) + 1;

    /// <summary>Per query word (in <see cref="QueryPlan.Groups"/> order), how many matching items hold it.</summary>
    public int[] WordCounts()
    {
        if (_listed is not null)
        {
            var groups = _query.Plan.Groups;
            return [.. groups.Select(g => _listed.Count(m => m.Terms.Contains(g.Term, StringComparer.Ordinal)))];
        }
        var counts = new int[_scoring.Length];
        foreach (var mask in _groups)
        {
            for (var bits = mask; bits != 0; bits &= bits - 1) counts[BitOperations.TrailingZeroCount(bits)]++;
        }
        return counts;
    }

    /// <summary>Every source that recorded or confirmed a matching item.</summary>
    public HashSet<string> Sources()
    {
        var sources = new HashSet<string>(StringComparer.Ordinal);
        if (_listed is not null) foreach (var m in _listed) sources.UnionWith(m.Item.Item.AllSources);
        foreach (var i in _items) sources.UnionWith(Expert.Items[i].Item.AllSources);
        return sources;
    }

    // Best first, then by item id: TeamCorpus.ByScore on two matches by their place here.
    private int Compare(int a, int b)
    {
        var byScore = Score(b).CompareTo(Score(a));
        return byScore != 0 ? byScore : string.CompareOrdinal(Expert.Items[_items[a]].Item.Id, Expert.Items[_items[b]].Item.Id);
    }

    private double Score(int m)
    {
        var score = _scores[m];
        if (score == 0) _scores[m] = score = _relevance[m] * _factors.Evidence(_items[m]);
        return score;
    }

    // The matches that can be among the best `count`, in match order. Recency lies in [0.85, 1] (Evidence.Recency), so
    // a score lies between relevance × section·confirmations × 0.85 × usefulness and the same without the 0.85; a match
    // whose upper bound is below the count-th best lower bound cannot be among the best, and its recency (a power,
    // computed again for every item after a write moves the team's newest evidence) is never computed. A hair of
    // slack keeps rounding on the safe side: a candidate too many costs one score, never a different answer.
    private List<int> Candidates(int count)
    {
        var n = _items.Length;
        var all = new List<int>(Math.Min(n, 4 * count + 16));
        if (count >= n)
        {
            for (var m = 0; m < n; m++) all.Add(m);
            return all;
        }
        var low = new double[count];
        var filled = 0;
        for (var m = 0; m < n; m++)
        {
            var bound = Fixed(m) * 0.85 * (1 - 1e-9);
            if (filled == count && bound <= low[^1]) continue;
            var at = filled < count ? filled++ : count - 1;
            while (at > 0 && low[at - 1] < bound)
            {
                low[at] = low[at - 1];
                at--;
            }
            low[at] = bound;
        }
        var threshold = low[^1];
        for (var m = 0; m < n; m++)
            if (Fixed(m) * (1 + 1e-9) >= threshold) all.Add(m);
        return all;
    }

    // Relevance × the item's evidence factors that do not depend on the corpus (kept per analysis).
    private double Fixed(int m)
    {
        var (before, usefulness) = Expert.FixedFactors(_items[m]);
        return _relevance[m] * before * usefulness;
    }

    // The match object of one matching item: each word's best alternative, as the reasons show it.
    private ItemMatch Build(int m)
    {
        var i = _items[m];
        var item = Expert.Items[i];
        var groups = _query.Plan.Groups;
        var norm = _factors.Norm(i);
        double relevance = 0;
        var matched = new List<string>();
        var reasons = new List<TermMatch>();
        for (var g = 0; g < groups.Count; g++)
        {
            double best = 0;
            QueryAlternative? how = null;
            foreach (var (alternative, idf) in _scoring[g])
            {
                var tf = int.MaxValue;
                foreach (var term in alternative.Terms) tf = Math.Min(tf, item.Frequencies.GetValueOrDefault(term));
                if (tf == 0) continue;
                var part = idf * tf * (TeamCorpus.K1 + 1) / (tf + norm);
                if (part > best) (best, how) = (part, alternative);
            }
            if (how is null) continue;
            relevance += best;
            matched.Add(groups[g].Term);
            reasons.Add(new TermMatch(groups[g].Word, how.Shown, how.How));
        }
        return new ItemMatch(Expert, item, relevance, _factors.Evidence(i), matched, reasons);
    }

    // Walks each word's alternatives' postings: an item's part for a word is its best alternative's BM25; the parts
    // add up in word order, as Build adds them, so the sums are the same to the last bit.
    private static (int[] Items, double[] Relevance, ulong[] Groups) Scan(AnalyzedExpert expert, (QueryAlternative Alternative, double Idf)[][] scoring,
        LazyItemFactors factors)
    {
        var n = expert.Items.Count;
        var relevance = ArrayPool<double>.Shared.Rent(n);
        var wordBest = ArrayPool<double>.Shared.Rent(n);
        var masks = ArrayPool<ulong>.Shared.Rent(n);
        var touched = ArrayPool<int>.Shared.Rent(n);
        var matched = ArrayPool<int>.Shared.Rent(n);
        try
        {
            Array.Clear(relevance, 0, n);
            Array.Clear(wordBest, 0, n);
            Array.Clear(masks, 0, n);
            var matchedCount = 0;
            for (var g = 0; g < scoring.Length; g++)
            {
                var touchedCount = 0;
                foreach (var (alternative, idf) in scoring[g])
                {
                    var terms = alternative.Terms;
                    foreach (var posting in expert.Postings.Of(Rarest(expert.Postings, terms)))
                    {
                        var tf = posting.Frequency;
                        if (terms.Count > 1)
                        {
                            var frequencies = expert.Items[posting.Item].Frequencies;
                            foreach (var term in terms) tf = Math.Min(tf, frequencies.GetValueOrDefault(term));
                            if (tf == 0) continue;
                        }
                        var part = idf * tf * (TeamCorpus.K1 + 1) / (tf + factors.Norm(posting.Item));
                        ref var best = ref wordBest[posting.Item];
                        if (best == 0) touched[touchedCount++] = posting.Item;
                        if (part > best) best = part;
                    }
                }
                for (var t = 0; t < touchedCount; t++)
                {
                    var i = touched[t];
                    relevance[i] += wordBest[i];
                    wordBest[i] = 0;
                    if (masks[i] == 0) matched[matchedCount++] = i;
                    masks[i] |= 1UL << g;
                }
            }
            var items = matched.AsSpan(0, matchedCount).ToArray();
            var scores = new double[matchedCount];
            var groups = new ulong[matchedCount];
            for (var m = 0; m < matchedCount; m++)
            {
                scores[m] = relevance[items[m]];
                groups[m] = masks[items[m]];
            }
            return (items, scores, groups);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(relevance);
            ArrayPool<double>.Shared.Return(wordBest);
            ArrayPool<ulong>.Shared.Return(masks);
            ArrayPool<int>.Shared.Return(touched);
            ArrayPool<int>.Shared.Return(matched);
        }
    }

    // A phrase is looked for among the items holding its rarest term.
    private static string Rarest(TermPostings postings, IReadOnlyList<string> terms)
    {
        var rarest = terms[0];
        for (var k = 1; k < terms.Count; k++)
            if (postings.Count(terms[k]) < postings.Count(rarest)) rarest = terms[k];
        return rarest;
    }
}
