namespace KnowledgeOs.Retrieval.Cache;

/// <summary>A candidate document: its segment and ordinal there, with its rank keys.</summary>
internal readonly record struct Candidate(int Segment, int Doc, int Words, int Written, double Score);

/// <summary>
/// The best <c>k</c> candidates in search order (<see cref="SearchTerms.Order"/>: words matched, as written, score,
/// then expert and item id), kept in a bounded heap whose root is the worst kept.
/// </summary>
internal sealed class TopCandidates(TeamView view, int k)
{
    private readonly Candidate[] _heap = new Candidate[Math.Max(k, 0)];
    private int _count;

    public void Offer(Candidate c)
    {
        if (_heap.Length == 0) return;
        if (_count < _heap.Length)
        {
            _heap[_count] = c;
            Up(_count++);
        }
        else if (Compare(c, _heap[0]) > 0)
        {
            _heap[0] = c;
            Down(0);
        }
    }

    /// <summary>The kept candidates, best first.</summary>
    public List<Candidate> Best()
    {
        var list = _heap.AsSpan(0, _count).ToArray().ToList();
        list.Sort((a, b) => Compare(b, a));
        return list;
    }

    // > 0 when a comes before b in search order.
    private int Compare(Candidate a, Candidate b)
    {
        if (a.Words != b.Words) return a.Words.CompareTo(b.Words);
        if (a.Written != b.Written) return a.Written.CompareTo(b.Written);
        if (a.Score != b.Score) return a.Score.CompareTo(b.Score);
        var expert = string.CompareOrdinal(Expert(b), Expert(a));
        return expert != 0 ? expert : string.CompareOrdinal(ItemId(b), ItemId(a));
    }

    private string Expert(Candidate c)
    {
        var segment = view.Segments[c.Segment].Segment;
        return segment.Experts[segment.DocExpert[c.Doc]];
    }

    private string ItemId(Candidate c) => view.Segments[c.Segment].Segment.ItemIds[c.Doc];

    private void Up(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (Compare(_heap[i], _heap[parent]) >= 0) return;
            (_heap[i], _heap[parent]) = (_heap[parent], _heap[i]);
            i = parent;
        }
    }

    private void Down(int i)
    {
        while (true)
        {
            var worst = i;
            var left = 2 * i + 1;
            if (left < _count && Compare(_heap[left], _heap[worst]) < 0) worst = left;
            if (left + 1 < _count && Compare(_heap[left + 1], _heap[worst]) < 0) worst = left + 1;
            if (worst == i) return;
            (_heap[i], _heap[worst]) = (_heap[worst], _heap[i]);
            i = worst;
        }
    }
}
