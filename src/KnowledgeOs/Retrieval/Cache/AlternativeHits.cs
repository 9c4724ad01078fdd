namespace KnowledgeOs.Retrieval.Cache;

/// <summary>
/// The documents of one segment holding one query alternative, in document order, with its instances in each (as FTS5
/// counts a phrase's): a term's postings as they are (dead documents skipped by the reader, counted out of
/// <see cref="Live"/>), or, for a prefix or a phrase of several terms, the live documents gathered once.
/// </summary>
internal sealed class AlternativeHits
{
    private static readonly AlternativeHits None = new([], 0, 0, null, [], 0);

    private AlternativeHits(int[] docs, int start, int count, ushort[]? tf16, int[]? tf32, int live)
    {
        Docs = docs;
        Start = start;
        Count = count;
        Tf16 = tf16;
        Tf32 = tf32;
        Live = live;
    }

    public int[] Docs { get; }

    public int Start { get; }

    public int Count { get; }

    private ushort[]? Tf16 { get; }

    private int[]? Tf32 { get; }

    /// <summary>Live documents holding it: BM25's document count in this segment.</summary>
    public int Live { get; }

    public int Tf(int at) => Tf16 is not null ? Tf16[at] : Tf32![at];

    public static AlternativeHits Of(LiveSegment live, QueryAlternative alternative)
    {
        var segment = live.Segment;
        if (alternative.Terms.Count == 1 && !alternative.Prefix)
        {
            if (!segment.TermIds.TryGetValue(alternative.Terms[0], out var id)) return None;
            var from = segment.PostStart[id];
            var count = segment.PostStart[id + 1] - from;
            return new AlternativeHits(segment.PostDoc, from, count, segment.PostTf, null, count - live.DeadDocs.GetValueOrDefault(id));
        }
        var (docs, tfs) = alternative.Terms.Count == 1 ? Prefix(live, alternative.Terms[0]) : Phrase(live, alternative);
        return new AlternativeHits(docs, 0, docs.Length, null, tfs, docs.Length);
    }

    // Every term starting with the prefix (contiguous in ordinal order), live documents only, one entry per document.
    private static (int[], int[]) Prefix(LiveSegment live, string prefix)
    {
        var segment = live.Segment;
        var (first, last) = PrefixRange(segment, prefix);
        var found = new List<(int Doc, int Tf)>();
        for (var i = first; i < last; i++)
        {
            var id = segment.Sorted[i];
            for (var p = segment.PostStart[id]; p < segment.PostStart[id + 1]; p++)
                if (!live.IsDead(segment.PostDoc[p])) found.Add((segment.PostDoc[p], segment.PostTf[p]));
        }
        if (last - first > 1) found.Sort((a, b) => a.Doc.CompareTo(b.Doc));
        var docs = new List<int>(found.Count);
        var tfs = new List<int>(found.Count);
        foreach (var (doc, tf) in found)
        {
            if (docs.Count > 0 && docs[^1] == doc) tfs[^1] += tf;
            else
            {
                docs.Add(doc);
                tfs.Add(tf);
            }
        }
        return ([.. docs], [.. tfs]);
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

    // A phrase of several terms: the live documents of its rarest exact term, each one's sequence scanned for the phrase.
    private static (int[], int[]) Phrase(LiveSegment live, QueryAlternative phrase)
    {
        var segment = live.Segment;
        var want = phrase.Terms;
        var ids = new int[want.Count];
        var rarest = -1;
        for (var k = 0; k < want.Count; k++)
        {
            if (phrase.Prefix && k == want.Count - 1) { ids[k] = -1; continue; }
            if (!segment.TermIds.TryGetValue(want[k], out ids[k])) return ([], []);
            if (rarest < 0 || Postings(segment, ids[k]) < Postings(segment, rarest)) rarest = ids[k];
        }
        var docs = new List<int>();
        var tfs = new List<int>();
        for (var p = segment.PostStart[rarest]; p < segment.PostStart[rarest + 1]; p++)
        {
            var doc = segment.PostDoc[p];
            if (live.IsDead(doc)) continue;
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
            docs.Add(doc);
            tfs.Add(instances);
        }
        return ([.. docs], [.. tfs]);
    }

    private static int Postings(SearchSegment segment, int id) => segment.PostStart[id + 1] - segment.PostStart[id];
}

/// <summary>Reads an <see cref="AlternativeHits"/> forward, for documents asked in ascending order (galloping search).</summary>
internal sealed class HitCursor(AlternativeHits hits)
{
    private int _at = hits.Start;

    /// <summary>The alternative's instances in the document, 0 when it does not hold it.</summary>
    public int Seek(int doc)
    {
        var end = hits.Start + hits.Count;
        var docs = hits.Docs;
        if (_at >= end || docs[_at] > doc) return _at < end && docs[_at] == doc ? hits.Tf(_at) : 0;
        var step = 1;
        while (_at + step < end && docs[_at + step] < doc)
        {
            _at += step;
            step *= 2;
        }
        int lo = _at, hi = Math.Min(_at + step, end - 1);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (docs[mid] < doc) lo = mid + 1;
            else hi = mid;
        }
        _at = lo;
        return docs[lo] == doc ? hits.Tf(lo) : 0;
    }
}
