namespace KnowledgeOs.Retrieval.Cache;

/// <summary>
/// One team's index as of a head position and projection generation: the segment loaded once, then one small segment
/// per catch-up holding the changed items as re-read, each earlier segment's documents of those items dead. Immutable: a catch-up makes a new view, so a query under way keeps reading the one it started with.
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
        new([new LiveSegment(segment)], head, generation);

    /// <summary>
    /// This view with the changed items (every item of <see cref="CatchUpChanges.Experts"/>, and those of
    /// <see cref="CatchUpChanges.Items"/>) replaced by <paramref name="rows"/>' segment: an item without a row is gone.
    /// </summary>
    public TeamView With(CatchUpChanges changed, SearchSegment rows, long head)
    {
        var items = changed.ItemKeys.ToList();
        var segments = Segments.Select(s => s.Without(changed.Experts, items)).ToList();
        if (rows.DocCount > 0) segments.Add(new LiveSegment(rows));
        return new TeamView(segments, head, Generation);
    }
}
