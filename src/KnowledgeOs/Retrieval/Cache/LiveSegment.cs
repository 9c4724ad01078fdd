namespace KnowledgeOs.Retrieval.Cache;

/// <summary>
/// A segment of a view with the documents replaced since (by a later segment, or removed) marked dead: a changed
/// item's own document, or every document of an expert re-read whole. Immutable: <see cref="Without"/> makes a new one.
/// </summary>
internal sealed class LiveSegment
{
    private readonly DocBits _dead;
    private readonly bool[] _deadExperts;
    private readonly bool _anyDead;

    public LiveSegment(SearchSegment segment)
        : this(segment, new bool[segment.Experts.Length], new DocBits(segment.DocCount), [], segment.DocCount, segment.TotalLength)
    {
    }

    private LiveSegment(SearchSegment segment, bool[] deadExperts, DocBits dead, Dictionary<int, int> deadDocs, int liveDocs, long liveLength)
    {
        Segment = segment;
        _deadExperts = deadExperts;
        _dead = dead;
        DeadDocs = deadDocs;
        LiveDocs = liveDocs;
        LiveLength = liveLength;
        _anyDead = liveDocs < segment.DocCount;
    }

    public SearchSegment Segment { get; }

    public int LiveDocs { get; }

    public long LiveLength { get; }

    /// <summary>Dead documents holding each term (by term id): a term's live document count (BM25's) is its postings less these.</summary>
    public Dictionary<int, int> DeadDocs { get; }

    // The flag first: a segment with nothing dead (the load's, until a catch-up) answers without the page lookup.
    public bool IsDead(int doc) => _anyDead && _dead.Contains(doc);

    /// <summary>
    /// This segment with the given experts' documents and the given items' documents dead too (the same object when
    /// it holds none of them live).
    /// </summary>
    public LiveSegment Without(IEnumerable<string> experts, IEnumerable<(string Expert, string ItemId)> items)
    {
        var segment = Segment;
        DocBits.Writer? writer = null;
        bool[]? deadExperts = null;
        Dictionary<int, int>? deadTerms = null;
        var liveDocs = LiveDocs;
        var liveLength = LiveLength;
        var seen = new HashSet<int>();
        foreach (var expert in experts)
        {
            if (!segment.ExpertIds.TryGetValue(expert, out var e) || _deadExperts[e]) continue;
            deadExperts ??= (bool[])_deadExperts.Clone();
            deadExperts[e] = true;
            for (var d = segment.ExpertFirst[e]; d < segment.ExpertEnd[e]; d++)
                if (segment.DocExpert[d] == e) Kill(d);
        }
        foreach (var (expert, itemId) in items)
            if (segment.Find(expert, itemId) is var d and >= 0) Kill(d);
        return writer is null ? this : new LiveSegment(segment, deadExperts ?? _deadExperts, writer.Bits, deadTerms ?? DeadDocs, liveDocs, liveLength);

        void Kill(int doc)
        {
            writer ??= _dead.Edit();
            if (!writer.Add(doc)) return;
            deadTerms ??= new Dictionary<int, int>(DeadDocs);
            liveDocs--;
            liveLength -= segment.Length(doc);
            seen.Clear();
            foreach (var term in segment.Seq.AsSpan(segment.SeqStart[doc], segment.Length(doc)))
                if (seen.Add(term)) deadTerms[term] = deadTerms.GetValueOrDefault(term) + 1;
        }
    }
}
