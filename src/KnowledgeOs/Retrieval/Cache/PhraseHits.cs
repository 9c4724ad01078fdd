using System.Buffers;

namespace KnowledgeOs.Retrieval.Cache;

/// <summary>
/// The live documents holding one query alternative and how many times (its instances, as FTS5 counts a phrase's):
/// from the segment's postings (a term), the sorted terms (a prefix) or the term sequences of the rarest term's
/// documents (a phrase), and from the delta by <see cref="QueryPlan.Instances"/>. Arrays come from a pool of the cache's
/// own and go back to it on <see cref="Dispose"/>.
/// </summary>
internal sealed class PhraseHits : IDisposable
{
    private static readonly ArrayPool<int> Pool = ArrayPool<int>.Create(1 << 24, 32);

    private PhraseHits(int[] docs, int[] tfs, int count, int[] delta, int documents)
    {
        Docs = docs;
        Tfs = tfs;
        Count = count;
        DeltaTf = delta;
        Documents = documents;
    }

    /// <summary>Segment documents holding it (the first <see cref="Count"/>), and their instance counts.</summary>
    public int[] Docs { get; }

    public int[] Tfs { get; }

    public int Count { get; }

    /// <summary>Instances in each delta document (0: not held).</summary>
    public int[] DeltaTf { get; }

    /// <summary>Live documents holding it: BM25's document count.</summary>
    public int Documents { get; }

    public void Dispose()
    {
        Pool.Return(Docs);
        Pool.Return(Tfs);
    }

    /// <summary>The hits of <paramref name="alternative"/> in the view; <paramref name="scratch"/> is a zeroed array of the segment's size, left zeroed.</summary>
    public static PhraseHits Of(TeamView view, QueryAlternative alternative, int[] scratch)
    {
        var delta = new int[view.Delta.Count];
        var documents = 0;
        for (var j = 0; j < delta.Length; j++)
            if ((delta[j] = QueryPlan.Instances(view.Delta[j].Terms, alternative)) > 0) documents++;
        var (docs, tfs, count) = alternative.Terms.Count == 1
            ? alternative.Prefix ? Prefix(view, alternative.Terms[0], scratch) : Term(view, alternative.Terms[0])
            : Phrase(view, alternative);
        return new PhraseHits(docs, tfs, count, delta, documents + count);
    }

    private static (int[], int[], int) Term(TeamView view, string term)
    {
        var segment = view.Segment;
        if (!segment.TermIds.TryGetValue(term, out var id)) return (Pool.Rent(0), Pool.Rent(0), 0);
        var from = segment.PostStart[id];
        var to = segment.PostStart[id + 1];
        var docs = Pool.Rent(to - from);
        var tfs = Pool.Rent(to - from);
        var count = 0;
        for (var p = from; p < to; p++)
        {
            var doc = segment.PostDoc[p];
            if (view.DeadExpert[segment.DocExpert[doc]]) continue;
            docs[count] = doc;
            tfs[count++] = segment.PostTf[p];
        }
        return (docs, tfs, count);
    }

    // Every term starting with the prefix (contiguous in ordinal order); a document holding several is counted once,
    // its instances summed through the scratch array.
    private static (int[], int[], int) Prefix(TeamView view, string prefix, int[] scratch)
    {
        var segment = view.Segment;
        var (first, last) = PrefixRange(segment, prefix);
        if (first == last) return (Pool.Rent(0), Pool.Rent(0), 0);
        if (last - first == 1) return Term(view, segment.Terms[segment.Sorted[first]]);
        var postings = 0;
        for (var i = first; i < last; i++) postings += segment.PostStart[segment.Sorted[i] + 1] - segment.PostStart[segment.Sorted[i]];
        var docs = Pool.Rent(postings);
        var count = 0;
        for (var i = first; i < last; i++)
        {
            var id = segment.Sorted[i];
            for (var p = segment.PostStart[id]; p < segment.PostStart[id + 1]; p++)
            {
                var doc = segment.PostDoc[p];
                if (view.DeadExpert[segment.DocExpert[doc]]) continue;
                if (scratch[doc] == 0) docs[count++] = doc;
                scratch[doc] += segment.PostTf[p];
            }
        }
        var tfs = Pool.Rent(count);
        for (var k = 0; k < count; k++)
        {
            tfs[k] = scratch[docs[k]];
            scratch[docs[k]] = 0;
        }
        return (docs, tfs, count);
    }

    /// <summary>The range of <see cref="SearchSegment.Sorted"/> whose terms start with <paramref name="prefix"/>.</summary>
    internal static (int First, int Last) PrefixRange(SearchSegment segment, string prefix)
    {
        int lo = 0, hi = segment.Sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(segment.Terms[segment.Sorted[mid]], prefix) < 0) lo = mid + 1;
            else hi = mid;
        }
        var last = lo;
        while (last < segment.Sorted.Length && segment.Terms[segment.Sorted[last]].StartsWith(prefix, StringComparison.Ordinal)) last++;
        return (lo, last);
    }

    // A phrase of several terms: the documents of its rarest exact term, each one's sequence scanned for the phrase.
    private static (int[], int[], int) Phrase(TeamView view, QueryAlternative phrase)
    {
        var segment = view.Segment;
        var want = phrase.Terms;
        var ids = new int[want.Count];
        var rarest = -1;
        for (var k = 0; k < want.Count; k++)
        {
            if (phrase.Prefix && k == want.Count - 1) { ids[k] = -1; continue; }
            if (!segment.TermIds.TryGetValue(want[k], out ids[k])) return (Pool.Rent(0), Pool.Rent(0), 0);
            if (rarest < 0 || Postings(segment, ids[k]) < Postings(segment, rarest)) rarest = ids[k];
        }
        var from = segment.PostStart[rarest];
        var to = segment.PostStart[rarest + 1];
        var docs = Pool.Rent(to - from);
        var tfs = Pool.Rent(to - from);
        var count = 0;
        for (var p = from; p < to; p++)
        {
            var doc = segment.PostDoc[p];
            if (view.DeadExpert[segment.DocExpert[doc]]) continue;
            var seq = segment.Seq.AsSpan(segment.SeqStart[doc], segment.Length(doc));
            var instances = 0;
            for (var i = 0; i + ids.Length <= seq.Length; i++)
            {
                var at = true;
                for (var k = 0; k < ids.Length && at; k++)
                    at = ids[k] >= 0 ? seq[i + k] == ids[k] : segment.Terms[seq[i + k]].StartsWith(want[k], StringComparison.Ordinal);
                if (at) instances++;
            }
            if (instances == 0) continue;
            docs[count] = doc;
            tfs[count++] = instances;
        }
        return (docs, tfs, count);
    }

    private static int Postings(SearchSegment segment, int id) => segment.PostStart[id + 1] - segment.PostStart[id];
}
