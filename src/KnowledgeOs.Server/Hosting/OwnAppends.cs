namespace KnowledgeOs.Server.Hosting;

/// <summary>
/// The log positions this process's own appends took, so <see cref="CachingEventStore.CatchUpAsync"/> reads the log
/// only when someone else wrote: when every position between where it stands and the head is one of these, the cache
/// already holds those states (write-through) and there is nothing to read. A commit's events take consecutive
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

    /// <summary>True when every position after <paramref name="after"/> up to <paramref name="head"/> was this process's.</summary>
    public bool Cover(long after, long head)
    {
        var own = 0L;
        lock (_gate)
        {
            foreach (var (first, last) in _ranges)
                own += Math.Max(0, Math.Min(last, head) - Math.Max(first, after + 1) + 1);
        }
        return own == head - after;
    }

    /// <summary>Forgets the ranges a catch-up has passed.</summary>
    public void Passed(long position)
    {
        lock (_gate) _ranges.RemoveAll(r => r.Last <= position);
    }
}
