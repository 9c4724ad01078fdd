using System.Buffers;
using System.Numerics;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Retrieval.Cache;

/// <summary>
/// One query answered from a team's view with the store's semantics (docs/SEARCH.md, "Query semantics"), taking the
/// stores' three steps document-at-a-time over postings read forward: (1) the items holding every word as written
/// (each group's own term), intersected from the rarest, ranked by BM25 over those terms alone — the page when they
/// fill it; (2) the items holding every word through any alternative, driven by the group with the fewest postings and
/// ranked by BM25 over every alternative; (3) the partial matches through the words no more than
/// <see cref="SearchTerms.FrequentWord"/> items hold (all words when every one is frequent), an item holding every word
/// keeping the better of its two scores as the stores' union of their two windows does. Each step keeps the best
/// offset + limit by (words matched, as written, score, expert, item id) in a bounded heap; the page is ordered and
/// its matches computed by <see cref="SearchTerms.Rank"/>, the stores' own code. BM25 is FTS5's formula over the team's
/// live documents.
/// </summary>
internal sealed class CachedQuery
{
    private readonly TeamView _view;
    private readonly QueryPlan _plan;
    private readonly SearchQuery _query;
    private readonly List<QueryAlternative> _unique = [];
    private readonly int[][] _groupAlternatives;
    private readonly bool[] _asWritten;
    private readonly int[] _all;
    private readonly int[] _stems;
    private readonly AlternativeHits?[][] _hits;
    private readonly long[] _documents;
    private readonly double[] _idf;
    private readonly Bm25 _bm25;
    private readonly Filter _filter;
    private readonly uint _every;

    private CachedQuery(TeamView view, QueryPlan plan, SearchQuery query)
    {
        _view = view;
        _plan = plan;
        _query = query;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = plan.Groups;
        _groupAlternatives = new int[groups.Count][];
        for (var g = 0; g < groups.Count; g++)
        {
            _groupAlternatives[g] = [.. groups[g].Alternatives.Select(a =>
            {
                var key = string.Join(' ', a.Terms) + (a.Prefix ? "*" : "");
                if (!index.TryGetValue(key, out var u))
                {
                    index[key] = u = _unique.Count;
                    _unique.Add(a);
                }
                return u;
            })];
        }
        _asWritten = [.. _unique.Select(a => a.How is MatchKind.Stem or MatchKind.Lemma)];
        _all = [.. _groupAlternatives.SelectMany(a => a)];
        _stems = [.. _groupAlternatives.Select(a => a[0])];
        _hits = [.. view.Segments.Select(_ => new AlternativeHits?[_unique.Count])];
        _documents = [.. _unique.Select(_ => -1L)];
        _idf = new double[_unique.Count];
        _bm25 = new Bm25(view.LiveDocs, view.LiveLength);
        _filter = new Filter(view, query);
        _every = groups.Count == 32 ? uint.MaxValue : (1u << groups.Count) - 1;
    }

    private long Wanted => (long)_query.Offset + _query.Limit;

    public static IReadOnlyList<SearchHit> Run(TeamView view, QueryPlan plan, SearchQuery query) => new CachedQuery(view, plan, query).Run();

    private IReadOnlyList<SearchHit> Run()
    {
        var top = new TopCandidates(_view, (int)Math.Min(Wanted, _view.LiveDocs));
        if (Exact(top) >= Wanted) return Page(top);
        top = new TopCandidates(_view, (int)Math.Min(Wanted, _view.LiveDocs));
        if (Full(top) >= Wanted) return Page(top);
        top = new TopCandidates(_view, (int)Math.Min(Wanted, _view.LiveDocs));
        Partial(top);
        return Page(top);
    }

    // Step 1: per segment, the rarest group's own term drives; the others are looked up forward.
    private long Exact(TopCandidates top)
    {
        long found = 0;
        var words = _stems.Length;
        for (var s = 0; s < _view.Segments.Count; s++)
        {
            var hits = _stems.Select(u => Hits(s, u)).ToArray();
            if (hits.Any(h => h.Count == 0)) continue;
            var driver = Array.IndexOf(hits, hits.MinBy(h => h.Count));
            var cursors = hits.Select(h => new HitCursor(h)).ToArray();
            var tfs = new int[words];
            var live = _view.Segments[s];
            for (var p = hits[driver].Start; p < hits[driver].Start + hits[driver].Count; p++)
            {
                var doc = hits[driver].Docs[p];
                if (live.IsDead(doc) || !_filter.Keeps(s, doc)) continue;
                var holds = true;
                for (var i = 0; i < words && holds; i++) holds = (tfs[i] = i == driver ? hits[driver].Tf(p) : cursors[i].Seek(doc)) > 0;
                if (!holds) continue;
                found++;
                var length = live.Segment.Length(doc);
                var score = 0.0;
                for (var i = 0; i < words; i++) score += _bm25.Term(Idf(_stems[i]), tfs[i], length);
                top.Offer(new Candidate(s, doc, words, words, score));
            }
        }
        return found;
    }

    // Step 2: per segment, the group with the fewest postings drives; a document is scored only once every group holds it.
    private long Full(TopCandidates top)
    {
        long found = 0;
        for (var s = 0; s < _view.Segments.Count; s++)
        {
            var driver = Enumerable.Range(0, _groupAlternatives.Length).MinBy(g => _groupAlternatives[g].Sum(u => (long)Hits(s, u).Count));
            var check = _groupAlternatives.Select(alternatives => alternatives.Select(u => new HitCursor(Hits(s, u))).ToArray()).ToArray();
            var evaluate = new Evaluation(this, s);
            var (docs, count) = Union(s, _groupAlternatives[driver]);
            for (var i = 0; i < count; i++)
            {
                var doc = docs[i];
                if (!_filter.Keeps(s, doc)) continue;
                var holds = true;
                for (var g = 0; g < check.Length && holds; g++)
                {
                    if (g == driver) continue;
                    holds = false;
                    foreach (var cursor in check[g]) holds |= cursor.Seek(doc) > 0;
                }
                if (!holds) continue;
                var (mask, written, all, _) = evaluate.Of(doc, null);
                if (mask != _every) continue;
                found++;
                top.Offer(new Candidate(s, doc, BitOperations.PopCount(mask), BitOperations.PopCount(written), all));
            }
            ArrayPool<int>.Shared.Return(docs);
        }
        return found;
    }

    // Step 3: every document holding an alternative of a word few items hold (of any word, when all are frequent).
    private void Partial(TopCandidates top)
    {
        var partial = new List<int>();
        for (var g = 0; g < _groupAlternatives.Length; g++)
            if (!Frequent(g)) partial.Add(g);
        if (partial.Count == 0) partial.AddRange(Enumerable.Range(0, _groupAlternatives.Length));
        var any = partial.SelectMany(g => _groupAlternatives[g]).Distinct().ToArray();
        for (var s = 0; s < _view.Segments.Count; s++)
        {
            var evaluate = new Evaluation(this, s);
            var (docs, count) = Union(s, any);
            for (var i = 0; i < count; i++)
            {
                var doc = docs[i];
                if (!_filter.Keeps(s, doc)) continue;
                var (mask, written, all, other) = evaluate.Of(doc, any);
                top.Offer(new Candidate(s, doc, BitOperations.PopCount(mask), BitOperations.PopCount(written), mask == _every ? Math.Max(all, other) : other));
            }
            ArrayPool<int>.Shared.Return(docs);
        }
    }

    // A word more items hold than SearchTerms.FrequentWord: bounded by its largest alternative and their sum, counted only between.
    private bool Frequent(int g)
    {
        long largest = 0, sum = 0;
        foreach (var u in _groupAlternatives[g])
        {
            largest = Math.Max(largest, Documents(u));
            sum += Documents(u);
        }
        if (largest > SearchTerms.FrequentWord) return true;
        if (sum <= SearchTerms.FrequentWord) return false;
        long union = 0;
        for (var s = 0; s < _view.Segments.Count; s++)
        {
            var (docs, count) = Union(s, _groupAlternatives[g]);
            union += count;
            ArrayPool<int>.Shared.Return(docs);
        }
        return union > SearchTerms.FrequentWord;
    }

    // The live documents of a segment holding any of the alternatives, ascending, in a pooled array (the caller returns
    // it): a frequent word's documents would otherwise be a large-object allocation per query, and those bring on the
    // full collections whose marking of the segments' strings was the tail.
    private (int[] Docs, int Count) Union(int s, IReadOnlyList<int> alternatives)
    {
        var live = _view.Segments[s];
        var total = 0;
        foreach (var u in alternatives) total += Hits(s, u).Count;
        var docs = ArrayPool<int>.Shared.Rent(Math.Max(total, 1));
        var count = 0;
        foreach (var u in alternatives)
        {
            var h = Hits(s, u);
            for (var p = h.Start; p < h.Start + h.Count; p++)
                if (!live.IsDead(h.Docs[p])) docs[count++] = h.Docs[p];
        }
        if (alternatives.Count > 1)
        {
            Array.Sort(docs, 0, count);
            var kept = 0;
            for (var i = 0; i < count; i++)
                if (kept == 0 || docs[i] != docs[kept - 1]) docs[kept++] = docs[i];
            count = kept;
        }
        return (docs, count);
    }

    private AlternativeHits Hits(int s, int u) => _hits[s][u] ??= AlternativeHits.Of(_view.Segments[s], _unique[u]);

    private long Documents(int u)
    {
        if (_documents[u] < 0)
        {
            long documents = 0;
            for (var s = 0; s < _view.Segments.Count; s++) documents += Hits(s, u).Live;
            _documents[u] = documents;
            _idf[u] = _bm25.Idf(documents);
        }
        return _documents[u];
    }

    private double Idf(int u)
    {
        Documents(u);
        return _idf[u];
    }

    private IReadOnlyList<SearchHit> Page(TopCandidates top) =>
        SearchTerms.Rank(_plan, top.Best().Select(c =>
        {
            var s = _view.Segments[c.Segment].Segment;
            var d = c.Doc;
            return (new SearchHit(_query.Team, s.Experts[s.DocExpert[d]], s.ItemIds[d], s.Sections[d], s.Texts[d], s.Statuses[d], s.Confirmations[d], c.Score), s.TermsOf(d));
        }), _query.Offset, _query.Limit);

    /// <summary>One segment's documents, asked in ascending order: which words each holds, as written, and its two scores.</summary>
    private sealed class Evaluation
    {
        private readonly CachedQuery _q;
        private readonly HitCursor[] _cursors;
        private readonly int[] _tfs;
        private readonly SearchSegment _segment;

        public Evaluation(CachedQuery q, int s)
        {
            _q = q;
            _segment = q._view.Segments[s].Segment;
            _cursors = [.. Enumerable.Range(0, q._unique.Count).Select(u => new HitCursor(q.Hits(s, u)))];
            _tfs = new int[q._unique.Count];
        }

        /// <summary>Words held, held as written, BM25 over every alternative (in the plan's order, repeats kept) and over <paramref name="any"/>.</summary>
        public (uint Mask, uint Written, double All, double Any) Of(int doc, int[]? any)
        {
            for (var u = 0; u < _tfs.Length; u++) _tfs[u] = _cursors[u].Seek(doc);
            uint mask = 0, written = 0;
            for (var g = 0; g < _q._groupAlternatives.Length; g++)
            {
                foreach (var u in _q._groupAlternatives[g])
                {
                    if (_tfs[u] == 0) continue;
                    mask |= 1u << g;
                    if (_q._asWritten[u]) written |= 1u << g;
                }
            }
            var length = _segment.Length(doc);
            var all = 0.0;
            if (mask == _q._every)
                foreach (var u in _q._all) all += _q._bm25.Term(_q.Idf(u), _tfs[u], length);
            var other = 0.0;
            if (any is not null)
                foreach (var u in any) other += _q._bm25.Term(_q.Idf(u), _tfs[u], length);
            return (mask, written, all, other);
        }
    }

    /// <summary>The query's filters: experts (any of), sections (any of), retracted or not.</summary>
    private sealed class Filter
    {
        private readonly TeamView _view;
        private readonly bool[]?[] _experts;
        private readonly HashSet<SectionKind>? _sections;
        private readonly bool _retracted;

        public Filter(TeamView view, SearchQuery query)
        {
            _view = view;
            _retracted = query.IncludeRetracted;
            if (query.Sections is { Count: > 0 } sections) _sections = [.. sections];
            _experts = new bool[]?[view.Segments.Count];
            if (query.Experts is not { Count: > 0 } experts) return;
            for (var s = 0; s < view.Segments.Count; s++)
            {
                var segment = view.Segments[s].Segment;
                var keep = _experts[s] = new bool[segment.Experts.Length];
                foreach (var expert in experts)
                    if (segment.ExpertIds.TryGetValue(expert, out var e)) keep[e] = true;
            }
        }

        public bool Keeps(int s, int d)
        {
            var segment = _view.Segments[s].Segment;
            return (_retracted || segment.Statuses[d] == ItemStatus.Active) && (_sections is null || _sections.Contains(segment.Sections[d]))
                && (_experts[s] is not { } experts || experts[segment.DocExpert[d]]);
        }
    }
}
