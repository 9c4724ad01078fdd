using System.Buffers;
using System.Numerics;
using KnowledgeOs.Experts;

namespace KnowledgeOs.Retrieval.Cache;

/// <summary>
/// One query answered from a team's view with the store's semantics (docs/SEARCH.md, "Query semantics"): per
/// document the query words matched, matched as written and as the word itself are accumulated term-at-a-time into
/// pooled dense arrays, and the same three steps as the stores' are taken on them — the items holding every word as
/// written when they fill the page, else those holding every word through any alternative, else the partial matches
/// through the words no more than <see cref="SearchTerms.FrequentWord"/> items hold — each ranked by (words matched,
/// as written, BM25 with FTS5's formula over the step's alternatives, expert, item id) and the best offset + limit
/// kept by a bounded heap. The page itself is ordered and its matches computed by <see cref="SearchTerms.Rank"/>.
/// </summary>
internal static class CachedQuery
{
    private static readonly ArrayPool<uint> Masks = ArrayPool<uint>.Create(1 << 24, 32);
    private static readonly ArrayPool<double> Scores = ArrayPool<double>.Create(1 << 24, 32);
    private static readonly ArrayPool<int> Ints = ArrayPool<int>.Create(1 << 24, 32);

    // Kept apart from Ints: these come back zeroed (PhraseHits leaves them so), the touched lists do not.
    private static readonly ArrayPool<int> Zeroed = ArrayPool<int>.Create(1 << 24, 32);

    public static IReadOnlyList<SearchHit> Run(TeamView view, QueryPlan plan, SearchQuery query)
    {
        var n = view.Segment.DocCount;
        var groups = plan.Groups;
        var all = groups.Count == 32 ? uint.MaxValue : (1u << groups.Count) - 1;
        var hits = new Dictionary<string, PhraseHits>(StringComparer.Ordinal);
        // Every array below is rented clean and given back clean: only the touched documents are written and cleared.
        var mask = Masks.Rent(n);
        var written = Masks.Rent(n);
        var stems = Masks.Rent(n);
        var score = Scores.Rent(n);
        var other = Scores.Rent(n);
        var scratch = Zeroed.Rent(n);
        var touched = Ints.Rent(n);
        var count = 0;
        var delta = new Accumulated(view.Delta.Count);
        try
        {
            var documents = new int[groups.Count];
            for (var g = 0; g < groups.Count; g++)
            {
                var bit = 1u << g;
                for (var a = 0; a < groups[g].Alternatives.Count; a++)
                {
                    var alternative = groups[g].Alternatives[a];
                    var h = Hits(alternative);
                    var asWritten = alternative.How is MatchKind.Stem or MatchKind.Lemma;
                    for (var k = 0; k < h.Count; k++)
                    {
                        var doc = h.Docs[k];
                        if (mask[doc] == 0) touched[count++] = doc;
                        if ((mask[doc] & bit) == 0) documents[g]++;
                        mask[doc] |= bit;
                        if (asWritten) written[doc] |= bit;
                        if (a == 0) stems[doc] |= bit;
                    }
                    for (var j = 0; j < h.DeltaTf.Length; j++)
                    {
                        if (h.DeltaTf[j] == 0) continue;
                        if ((delta.Mask[j] & bit) == 0) documents[g]++;
                        delta.Mask[j] |= bit;
                        if (asWritten) delta.Written[j] |= bit;
                        if (a == 0) delta.Stems[j] |= bit;
                    }
                }
            }
            var filter = new Filter(view, query);
            var wanted = (long)query.Offset + query.Limit;
            // Step 1: every word as written (its own term) — ranked by those terms alone, as the stores' plain AND is.
            if (Count(stems, all) >= wanted)
            {
                Accumulate([.. groups.Select(g => g.Alternatives[0])], score, delta.Score);
                return Page(Select(d => stems[d] == all, j => delta.Stems[j] == all, (d, _) => score[d], (j, _) => delta.Score[j]));
            }
            // Step 2: every word through any alternative.
            Accumulate([.. groups.SelectMany(g => g.Alternatives)], score, delta.Score);
            if (Count(mask, all) >= wanted)
                return Page(Select(d => mask[d] == all, j => delta.Mask[j] == all, (d, _) => score[d], (j, _) => delta.Score[j]));
            // Step 3: partial matches through the words few items hold (all of them when every word is frequent); an
            // item holding every word keeps the better of its two scores, as the stores' union of the two windows does.
            var partial = 0u;
            for (var g = 0; g < groups.Count; g++)
                if (documents[g] <= SearchTerms.FrequentWord) partial |= 1u << g;
            if (partial == 0) partial = all;
            Accumulate([.. groups.Where((_, g) => (partial & (1u << g)) != 0).SelectMany(g => g.Alternatives).DistinctBy(Key)], other, delta.Other);
            return Page(Select(d => mask[d] == all || (mask[d] & partial) != 0, j => delta.Mask[j] == all || (delta.Mask[j] & partial) != 0,
                (d, m) => m == all ? Math.Max(score[d], other[d]) : other[d], (j, m) => m == all ? Math.Max(delta.Score[j], delta.Other[j]) : delta.Other[j]));

            long Count(uint[] masks, uint want)
            {
                long found = 0;
                for (var k = 0; k < count; k++)
                    if (masks[touched[k]] == want && filter.Segment(touched[k])) found++;
                var deltaMasks = masks == stems ? delta.Stems : delta.Mask;
                for (var j = 0; j < deltaMasks.Length; j++)
                    if (deltaMasks[j] == want && filter.Delta(j)) found++;
                return found;
            }

            void Accumulate(IReadOnlyList<QueryAlternative> phrases, double[] into, double[] intoDelta)
            {
                var bm25 = new Bm25(view.LiveDocs, view.LiveLength);
                foreach (var phrase in phrases)
                {
                    var h = Hits(phrase);
                    var idf = bm25.Idf(h.Documents);
                    for (var k = 0; k < h.Count; k++) into[h.Docs[k]] += bm25.Term(idf, h.Tfs[k], view.Segment.Length(h.Docs[k]));
                    for (var j = 0; j < h.DeltaTf.Length; j++)
                        if (h.DeltaTf[j] > 0) intoDelta[j] += bm25.Term(idf, h.DeltaTf[j], view.Delta[j].Terms.Length);
                }
            }

            List<Candidate> Select(Func<int, bool> keepSegment, Func<int, bool> keepDelta, Func<int, uint, double> segmentScore, Func<int, uint, double> deltaScore)
            {
                var top = new TopCandidates(view, (int)Math.Min(wanted, count + view.Delta.Count));
                for (var k = 0; k < count; k++)
                {
                    var d = touched[k];
                    if (keepSegment(d) && filter.Segment(d))
                        top.Offer(new Candidate(d, BitOperations.PopCount(mask[d]), BitOperations.PopCount(written[d]), segmentScore(d, mask[d])));
                }
                for (var j = 0; j < view.Delta.Count; j++)
                {
                    if (keepDelta(j) && filter.Delta(j))
                        top.Offer(new Candidate(~j, BitOperations.PopCount(delta.Mask[j]), BitOperations.PopCount(delta.Written[j]), deltaScore(j, delta.Mask[j])));
                }
                return top.Best();
            }

            IReadOnlyList<SearchHit> Page(List<Candidate> best) =>
                SearchTerms.Rank(plan, best.Select(c => c.Doc >= 0 ? SegmentHit(view, query.Team, c) : DeltaHit(view, query.Team, c)), query.Offset, query.Limit);
        }
        finally
        {
            for (var k = 0; k < count; k++)
            {
                var d = touched[k];
                mask[d] = written[d] = stems[d] = 0;
                score[d] = other[d] = 0;
            }
            Masks.Return(mask);
            Masks.Return(written);
            Masks.Return(stems);
            Scores.Return(score);
            Scores.Return(other);
            Zeroed.Return(scratch);
            Ints.Return(touched);
            foreach (var h in hits.Values) h.Dispose();
        }

        PhraseHits Hits(QueryAlternative alternative)
        {
            var key = Key(alternative);
            if (!hits.TryGetValue(key, out var h)) hits[key] = h = PhraseHits.Of(view, alternative, scratch);
            return h;
        }
    }

    private static string Key(QueryAlternative alternative) => string.Join(' ', alternative.Terms) + (alternative.Prefix ? "*" : "");

    private static (SearchHit, string) SegmentHit(TeamView view, string team, Candidate c)
    {
        var s = view.Segment;
        var d = c.Doc;
        return (new SearchHit(team, s.Experts[s.DocExpert[d]], s.ItemIds[d], s.Sections[d], s.Texts[d], s.Statuses[d], s.Confirmations[d], c.Score), s.TermsOf(d));
    }

    private static (SearchHit, string) DeltaHit(TeamView view, string team, Candidate c)
    {
        var row = view.Delta[~c.Doc].Row;
        return (new SearchHit(team, row.Expert, row.ItemId, row.Section, row.Text, row.Status, row.Confirmations, c.Score), row.Terms);
    }

    /// <summary>The per-document sums of the delta (a few documents: plain arrays).</summary>
    private sealed class Accumulated(int n)
    {
        public uint[] Mask { get; } = new uint[n];
        public uint[] Written { get; } = new uint[n];
        public uint[] Stems { get; } = new uint[n];
        public double[] Score { get; } = new double[n];
        public double[] Other { get; } = new double[n];
    }

    /// <summary>The query's filters: experts (any of), sections (any of), retracted or not.</summary>
    private sealed class Filter
    {
        private readonly TeamView _view;
        private readonly bool[]? _experts;
        private readonly HashSet<string>? _expertNames;
        private readonly HashSet<Sections.SectionKind>? _sections;
        private readonly bool _retracted;

        public Filter(TeamView view, SearchQuery query)
        {
            _view = view;
            _retracted = query.IncludeRetracted;
            if (query.Sections is { Count: > 0 } sections) _sections = [.. sections];
            if (query.Experts is { Count: > 0 } experts)
            {
                _expertNames = new HashSet<string>(experts, StringComparer.Ordinal);
                _experts = new bool[view.Segment.Experts.Length];
                foreach (var expert in experts)
                    if (view.Segment.ExpertIds.TryGetValue(expert, out var e)) _experts[e] = true;
            }
        }

        public bool Segment(int d)
        {
            var s = _view.Segment;
            return (_retracted || s.Statuses[d] == ItemStatus.Active) && (_sections is null || _sections.Contains(s.Sections[d]))
                && (_experts is null || _experts[s.DocExpert[d]]);
        }

        public bool Delta(int j)
        {
            var row = _view.Delta[j].Row;
            return (_retracted || row.Status == ItemStatus.Active) && (_sections is null || _sections.Contains(row.Section))
                && (_expertNames is null || _expertNames.Contains(row.Expert));
        }
    }
}
