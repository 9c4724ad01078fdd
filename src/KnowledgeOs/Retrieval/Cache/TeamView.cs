namespace KnowledgeOs.Retrieval.Cache;

/// <summary>A document laid over the segment: a changed expert's item as re-read from the store, with its terms split.</summary>
internal sealed record DeltaDoc(SearchItemRow Row, string[] Terms);

/// <summary>
/// One team's index as of a head position and projection generation: the segment loaded once, the experts changed
/// since (their segment documents dead) and those experts' items as re-read (<see cref="Delta"/>). Immutable: a
/// catch-up makes a new view, so a query under way keeps reading the one it started with.
/// </summary>
internal sealed class TeamView
{
    private TeamView(SearchSegment segment, bool[] deadExpert, IReadOnlyList<DeltaDoc> delta, long head, long generation)
    {
        Segment = segment;
        DeadExpert = deadExpert;
        Delta = delta;
        Head = head;
        Generation = generation;
        LiveDocs = delta.Count;
        LiveLength = 0;
        foreach (var doc in delta) LiveLength += doc.Terms.Length;
        LiveDocs += segment.DocCount;
        LiveLength += segment.TotalLength;
        for (var e = 0; e < deadExpert.Length; e++)
        {
            if (!deadExpert[e]) continue;
            LiveDocs -= segment.ExpertDocs[e];
            LiveLength -= segment.ExpertLength[e];
        }
    }

    public SearchSegment Segment { get; }

    /// <summary>By expert ordinal of the segment: its documents there are replaced by the delta (or gone).</summary>
    public bool[] DeadExpert { get; }

    public IReadOnlyList<DeltaDoc> Delta { get; }

    public long Head { get; }

    public long Generation { get; }

    /// <summary>Documents searched: the segment's live ones and the delta (BM25's row count).</summary>
    public int LiveDocs { get; }

    /// <summary>Their terms together (BM25's average length is this over <see cref="LiveDocs"/>).</summary>
    public long LiveLength { get; }

    /// <summary>Documents held in memory, dead ones included.</summary>
    public long Held => Segment.DocCount + Delta.Count;

    public static TeamView Loaded(SearchSegment segment, long head, long generation) =>
        new(segment, new bool[segment.Experts.Length], [], head, generation);

    /// <summary>This view with the changed experts' items replaced by <paramref name="rows"/> (an expert without rows is gone).</summary>
    public TeamView With(IReadOnlyDictionary<string, List<SearchItemRow>> rows, long head)
    {
        var dead = (bool[])DeadExpert.Clone();
        foreach (var expert in rows.Keys)
            if (Segment.ExpertIds.TryGetValue(expert, out var e)) dead[e] = true;
        var delta = Delta.Where(d => !rows.ContainsKey(d.Row.Expert)).ToList();
        foreach (var row in rows.Values.SelectMany(r => r)) delta.Add(new DeltaDoc(row, row.Terms.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        return new TeamView(Segment, dead, delta, head, Generation);
    }
}
