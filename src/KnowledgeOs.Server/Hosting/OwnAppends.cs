namespace KnowledgeOs.Server.Hosting;

/// <summary>
/// The log positions this process's own appends took, so <see cref="CachingEventStore.CatchUpAsync"/> reads the log
/// only for what someone else wrote: the run of these positions that follows where it stands holds states the cache
/// already has (write-through), so it is skipped, not read back and deserialized. A commit's events take consecutive
/// positions ending at its <c>LastPosition</c> (one transaction of the file's single writer).
/// </summary>
internal sealed class OwnAppends
{
    // Past this many ranges not yet passed by a catch-up (a tail that keeps failing), forget them: the tail then reads.
    private const int MaxRanges = 100_000;
    private readonly Lock _gate = new();
    private readonly List<(long First, long Last)> _ranges = [];

    /// <summary>Notes a commit of <paramref name="events"/> events that ended at <paramref name="lastPosition"/>.</summary>
    public void Add(long lastPosition, int events)
    {
        if (events <= 0) return;
        lock (_gate)
        {
            if (_ranges.Count >= MaxRanges) _ranges.Clear();
            _ranges.Add((lastPosition - events + 1, lastPosition));
        }
    }

    /// <summary>
    /// The last position of the unbroken run of this process's own positions that follows <paramref name="after"/>
    /// (<paramref name="after"/> itself when the next position is not one of them). Under load some own commits are always
    /// durable but not yet noted here, so the run ends before the head and the tail reads only what comes after it.
    /// </summary>
    public long CoveredUpTo(long after)
    {
        (long First, long Last)[] ranges;
        lock (_gate) ranges = [.. _ranges];
        Array.Sort(ranges);
        var position = after;
        foreach (var (first, last) in ranges)
        {
            if (last <= position) continue;
            if (first > position + 1) break;
            position = last;
        }
        return position;
    }

    /// <summary>Forgets the ranges a catch-up has passed.</summary>
    public void Passed(long position)
    {
        lock (_gate) _ranges.RemoveAll(r => r.Last <= position);
    }
}
