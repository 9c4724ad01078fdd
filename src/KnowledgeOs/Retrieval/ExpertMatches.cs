using System.Numerics;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Retrieval;

/// <summary>
/// An expert's items that match a query, found through the expert's postings (<see cref="TermPostings"/>) and scored
/// exactly as <see cref="TeamCorpus.Match"/> defines it: per query word its best alternative's BM25, summed in word
/// order, times the evidence factor. Holds what routing and context packs need — how many matched, the best few, the
/// counts per section and per word — without building a match object for every matching item. With embeddings the
/// matches are a fused list already built (<see cref="HybridMatches"/>), and the same questions are answered from it.
/// </summary>
public sealed partial class ExpertMatches
{
    /// <summary>
    /// Most best matches answered from what the walk kept (<see cref="ExpertRouting.ItemsCounted"/>, what routing sums for
    /// every expert): past it (a context pack's candidates, for its few participants) or for every match, the postings are
    /// walked again once and every match is kept.
    /// </summary>
    internal const int Kept = ExpertRouting.ItemsCounted;

    private readonly TeamCorpus _corpus;
    private readonly TaskQuery _query;
    private readonly (QueryAlternative Alternative, double Idf)[][] _scoring;
    private readonly LazyItemFactors _factors;
    private readonly int _count;
    private readonly int[] _sections;
    private readonly int[] _words;
    // Which of the expert's items match, one bit each (what the matches taught is asked of these, not of a second walk).
    private readonly ulong[] _matched;
    // The matches that can be among the best Kept (every match when that is all of them), in match order: a route over a
    // 50 × 2,000 team matched most items, and arrays of every match per expert were most of the garbage it left.
    private readonly MatchSet _kept;
    private readonly bool _complete;
    private MatchSet? _all;
    private readonly IReadOnlyList<ItemMatch>? _listed;

    internal ExpertMatches(TeamCorpus corpus, AnalyzedExpert expert, TaskQuery query, (QueryAlternative Alternative, double Idf)[][] scoring)
    {
        _corpus = corpus;
        _query = query;
        _scoring = scoring;
        Expert = expert;
        _factors = expert.Factors(corpus.Newest, corpus.AverageLength);
        (_kept, _count, _sections, _words, _matched) = Scan(expert, scoring, _factors, Kept);
        _complete = _kept.Items.Length == _count;
        if (_complete) _all = _kept;
    }

    // The fused matches of one expert, best first: every answer is read from the list.
    private ExpertMatches(TeamCorpus corpus, AnalyzedExpert expert, TaskQuery query, IReadOnlyList<ItemMatch> listed)
    {
        _corpus = corpus;
        _query = query;
        _scoring = [];
        Expert = expert;
        _factors = default!;
        _kept = new MatchSet([], []);
        _sections = _words = [];
        _matched = [];
        _listed = listed;
        _count = listed.Count;
    }

    /// <summary>An expert's matches given as a list, best first (the hybrid ones of <see cref="HybridMatches.For"/>).</summary>
    internal static ExpertMatches Listed(TeamCorpus corpus, AnalyzedExpert expert, TaskQuery query, IReadOnlyList<ItemMatch> listed) =>
        new(corpus, expert, query, listed);

    /// <summary>Matches found by their vector alone (no query word): 0 without embeddings.</summary>
    public int VectorOnly => _listed?.Count(m => m.Similarity is not null && m.Terms.Count == 0) ?? 0;

    /// <summary>Whose items they are.</summary>
    public AnalyzedExpert Expert { get; }

    /// <summary>How many of the expert's items match.</summary>
    public int Count => _count;

    /// <summary>The <paramref name="count"/> best scores, best first (what routing's knowledge part sums).</summary>
    public double[] BestScores(int count)
    {
        if (_listed is not null) return [.. _listed.Take(Math.Max(count, 0)).Select(m => m.Score)];
        var set = SetFor(count);
        var best = new double[Math.Clamp(count, 0, _count)];
        if (best.Length == 0) return best;
        var filled = 0;
        foreach (var m in Candidates(set, best.Length))
        {
            var score = Score(set, m);
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
        var set = SetFor(count);
        var best = new int[Math.Clamp(count, 0, _count)];
        if (best.Length == 0) return [];
        var filled = 0;
        foreach (var m in Candidates(set, best.Length))
        {
            if (filled == best.Length && Compare(set, m, best[^1]) >= 0) continue;
            var at = filled < best.Length ? filled++ : best.Length - 1;
            while (at > 0 && Compare(set, m, best[at - 1]) < 0)
            {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = m;
        }
        var matches = new ItemMatch[best.Length];
        for (var k = 0; k < best.Length; k++) matches[k] = Build(set, best[k]);
        return matches;
    }

    /// <summary>Every match, best first (score, then item id).</summary>
    public IReadOnlyList<ItemMatch> All()
    {
        if (_listed is not null) return _listed;
        var set = Every();
        var all = new List<ItemMatch>(set.Items.Length);
        for (var m = 0; m < set.Items.Length; m++) all.Add(Build(set, m));
        all.Sort(TeamCorpus.ByScore);
        return all;
    }

    /// <summary>Matching items per section, in section order.</summary>
    public Dictionary<SectionKind, int> Sections()
    {
        var counts = _sections;
        if (_listed is not null)
        {
            counts = new int[SectionCount];
            foreach (var m in _listed) counts[(int)m.Section]++;
        }
        var sections = new Dictionary<SectionKind, int>();
        for (var k = 0; k < counts.Length; k++)
            if (counts[k] > 0) sections[(SectionKind)k] = counts[k];
        return sections;
    }

    private static readonly int SectionCount = Enum.GetValues<SectionKind>().Max(k => (int)k) + 1;

    /// <summary>Per query word (in <see cref="QueryPlan.Groups"/> order), how many matching items hold it.</summary>
    public int[] WordCounts()
    {
        if (_listed is null) return [.. _words];
        var groups = _query.Plan.Groups;
        return [.. groups.Select(g => _listed.Count(m => m.Terms.Contains(g.Term, StringComparer.Ordinal)))];
    }

    /// <summary>
    /// Which of <paramref name="sources"/> recorded or confirmed a matching item. Routing asks it for the expert's finished
    /// tasks on every route: the matches are looked up against those few sources, not gathered nor walked again.
    /// </summary>
    public HashSet<string> Taught(IReadOnlySet<string> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var taught = new HashSet<string>(StringComparer.Ordinal);
        if (sources.Count == 0) return taught;
        if (_listed is not null) foreach (var m in _listed) TaughtBy(m.Item.Item, sources, taught);
        for (var w = 0; w < _matched.Length && taught.Count < sources.Count; w++)
            for (var bits = _matched[w]; bits != 0; bits &= bits - 1)
                TaughtBy(Expert.Items[64 * w + BitOperations.TrailingZeroCount(bits)].Item, sources, taught);
        return taught;
    }

    private static void TaughtBy(KnowledgeItem item, IReadOnlySet<string> sources, HashSet<string> taught)
    {
        if (sources.Contains(item.Source)) taught.Add(item.Source);
        foreach (var confirmation in item.Confirmations)
            if (sources.Contains(confirmation.Source)) taught.Add(confirmation.Source);
    }

    // The kept matches when they hold the best `count`, else every match (walked again once, then kept).
    private MatchSet SetFor(int count) => _complete || count <= Kept ? _kept : Every();

    private MatchSet Every() => _all ??= Scan(Expert, _scoring, _factors, int.MaxValue).Set;

    /// <summary>Matching items (indexes into the expert's items, in match order) with their relevance; each score computed when first asked.</summary>
    private sealed class MatchSet(int[] items, double[] relevance)
    {
        public int[] Items { get; } = items;

        public double[] Relevance { get; } = relevance;

        // Each match's score (relevance × evidence), computed when first asked (0 until then: a score is above 0).
        public double[] Scores { get; } = new double[items.Length];
    }

    // Best first, then by item id: TeamCorpus.ByScore on two matches by their place in the set.
    private int Compare(MatchSet set, int a, int b)
    {
        var byScore = Score(set, b).CompareTo(Score(set, a));
        return byScore != 0 ? byScore : string.CompareOrdinal(Expert.Items[set.Items[a]].Item.Id, Expert.Items[set.Items[b]].Item.Id);
    }

    private double Score(MatchSet set, int m)
    {
        var score = set.Scores[m];
        if (score == 0) set.Scores[m] = score = set.Relevance[m] * _factors.Evidence(set.Items[m]);
        return score;
    }

    // The matches that can be among the best `count`, in match order. Recency lies in [0.85, 1] (Evidence.Recency), so
    // a score lies between relevance × section·confirmations × 0.85 × usefulness and the same without the 0.85; a match
    // whose upper bound is below the count-th best lower bound cannot be among the best, and its recency (a power,
    // computed again for every item after a write moves the team's newest evidence) is never computed. A hair of
    // slack keeps rounding on the safe side: a candidate too many costs one score, never a different answer. The kept
    // set holds every match whose upper bound reaches the Kept-th best lower bound, so for a count up to Kept it holds
    // the same count-th best lower bound and the same candidates as every match would.
    private List<int> Candidates(MatchSet set, int count)
    {
        var n = set.Items.Length;
        var all = new List<int>(Math.Min(n, 4 * count + 16));
        if (count >= n)
        {
            for (var m = 0; m < n; m++) all.Add(m);
            return all;
        }
        var threshold = Threshold(Expert, set.Items, set.Relevance, new double[count]);
        for (var m = 0; m < n; m++)
            if (Fixed(Expert, set.Items[m], set.Relevance[m]) * (1 + 1e-9) >= threshold) all.Add(m);
        return all;
    }

    // The low.Length-th best lower bound of the matches' scores (fewer matches than that: none is left out).
    private static double Threshold(AnalyzedExpert expert, ReadOnlySpan<int> items, ReadOnlySpan<double> relevance, Span<double> low)
    {
        var count = low.Length;
        if (count == 0 || items.Length <= count) return double.NegativeInfinity;
        var filled = 0;
        for (var m = 0; m < items.Length; m++)
        {
            var bound = Fixed(expert, items[m], relevance[m]) * 0.85 * (1 - 1e-9);
            if (filled == count && bound <= low[^1]) continue;
            var at = filled < count ? filled++ : count - 1;
            while (at > 0 && low[at - 1] < bound)
            {
                low[at] = low[at - 1];
                at--;
            }
            low[at] = bound;
        }
        return low[^1];
    }

    // Relevance × the item's evidence factors that do not depend on the corpus (kept per analysis).
    private static double Fixed(AnalyzedExpert expert, int item, double relevance)
    {
        var (before, usefulness) = expert.FixedFactors(item);
        return relevance * before * usefulness;
    }

    // The match object of one matching item: each word's best alternative, as the reasons show it.
    private ItemMatch Build(MatchSet set, int m)
    {
        var i = set.Items[m];
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
}
