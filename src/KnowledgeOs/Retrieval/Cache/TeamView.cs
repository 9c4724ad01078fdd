namespace KnowledgeOs.Retrieval.Cache;

/// <summary>A segment of a view with the experts whose documents in it were replaced since (by a later segment, or removed).</summary>
internal sealed class LiveSegment
{
    public LiveSegment(SearchSegment segment, bool[] dead)
    {
        Segment = segment;
        Dead = dead;
        LiveDocs = segment.DocCount;
        LiveLength = segment.TotalLength;
        for (var e = 0; e < dead.Length; e++)
        {
            if (!dead[e]) continue;
            LiveDocs -= segment.ExpertDocs[e];
            LiveLength -= segment.ExpertLength[e];
        }
        // Per term, the dead documents holding it: a term's live document count (BM25's) is its postings less these.
        if (LiveDocs == segment.DocCount) return;
        var seen = new HashSet<int>();
        for (var d = 0; d < segment.DocCount; d++)
        {
            if (!dead[segment.DocExpert[d]]) continue;
            seen.Clear();
            foreach (var term in segment.Seq.AsSpan(segment.SeqStart[d], segment.Length(d)))
                if (seen.Add(term)) DeadDocs[term] = DeadDocs.GetValueOrDefault(term) + 1;
        }
    }

    public SearchSegment Segment { get; }

    /// <summary>By the segment's expert ordinal: its documents here are no longer current.</summary>
    public bool[] Dead { get; }

    public int LiveDocs { get; }

    public long LiveLength { get; }

    /// <summary>Dead documents holding each term (by term id), when any expert is dead.</summary>
    public Dictionary<int, int> DeadDocs { get; } = [];

    public bool IsDead(int doc) => Dead[Segment.DocExpert[doc]];

    /// <summary>This segment with the given experts' documents dead too (the same object when it holds none of them).</summary>
    public LiveSegment Without(IEnumerable<string> experts)
    {
        bool[]? dead = null;
        foreach (var expert in experts)
        {
            if (!Segment.ExpertIds.TryGetValue(expert, out var e) || Dead[e]) continue;
            dead ??= (bool[])Dead.Clone();
            dead[e] = true;
        }
        return dead is null ? this : new LiveSegment(Segment, dead);
    }
}

/// <summary>
/// One team's index as of a head position and projection generation: the segment loaded once, then one small segment
/// per catch-up holding the changed experts' items as re-read, each earlier segment's documents of those experts
/// dead. Immutable: a catch-up makes a new view, so a query under way keeps reading the one it started with.
/// </summary>
internal sealed class TeamView
{
    private TeamView(IReadOnlyList<LiveSegment> segments, long head, long generation)
    {
        Segments = segments;
        Head = head;
        Generation = generation;
        foreach (var s in segments)
        {
            LiveDocs += s.LiveDocs;
            LiveLength += s.LiveLength;
            Held += s.Segment.DocCount;
        }
    }

    public IReadOnlyList<LiveSegment> Segments { get; }

    public long Head { get; }

    public long Generation { get; }

    /// <summary>Documents searched (BM25's row count).</summary>
    public long LiveDocs { get; }

    /// <summary>Their terms together (BM25's average length is this over <see cref="LiveDocs"/>).</summary>
    public long LiveLength { get; }

    /// <summary>Documents held in memory, dead ones included.</summary>
    public long Held { get; }

    /// <summary>Documents held in the segments added since the load.</summary>
    public long Changed => Held - Segments[0].Segment.DocCount;

    public static TeamView Loaded(SearchSegment segment, long head, long generation) =>
        new([new LiveSegment(segment, new bool[segment.Experts.Length])], head, generation);

    /// <summary>This view with the changed experts' items replaced by <paramref name="rows"/>' segment (an expert without rows is gone).</summary>
    public TeamView With(IReadOnlyCollection<string> changed, SearchSegment rows, long head)
    {
        var segments = Segments.Select(s => s.Without(changed)).ToList();
        if (rows.DocCount > 0) segments.Add(new LiveSegment(rows, new bool[rows.Experts.Length]));
        return new TeamView(segments, head, Generation);
    }
}
