using KnowledgeOs.Experts;

namespace KnowledgeOs.Storage;

/// <summary>
/// A state held in memory brought up to date with the stream's events after it, by the domain's own fold
/// (<see cref="ExpertState.Evolve"/>), the one the stores apply to their snapshot's tail: the result is the state the
/// store would load at the same version, without reading and deserializing the whole knowledge base again.
/// </summary>
public static class SnapshotFold
{
    /// <summary>
    /// <paramref name="kept"/> with <paramref name="after"/> (one stream's events, in version order) folded on; events at
    /// or below its version are already in it and skipped. Null when the versions do not follow on from it without a gap:
    /// the caller reads the stream instead.
    /// </summary>
    public static Snapshot? FoldOn(Snapshot kept, IEnumerable<StoredEvent> after)
    {
        ArgumentNullException.ThrowIfNull(kept);
        ArgumentNullException.ThrowIfNull(after);
        var state = kept.State;
        var version = kept.Version;
        foreach (var e in after)
        {
            if (e.Version <= version) continue;
            if (e.Version != version + 1) return null;
            state = ExpertState.Evolve(state, e.Event);
            version = e.Version;
        }
        return version == kept.Version ? kept : new Snapshot(state, version);
    }

    /// <summary>Most of a team's events since the kept head read to find the changed experts; past them, one read of the whole team is cheaper.</summary>
    public const int MaxEventsSince = 2_000;

    /// <summary>
    /// The experts of <paramref name="team"/> that its events after <paramref name="since"/> touched, each brought up to
    /// date: its new events folded onto the state kept for it (<paramref name="kept"/>, null when none is), or, for an
    /// expert none is kept for or whose versions read leave a gap, its state read from the store (null when the store
    /// has none). A write in another team touches nothing here. Null past <see cref="MaxEventsSince"/> events: the
    /// caller reads the whole team instead. Shared by the readers that keep a team's states between requests (routing
    /// and context packs, search's usefulness weighting), so a write costs them its events, not the changed states.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, Snapshot?>?> CatchUpAsync(IEventStore store, string team, long since,
        Func<string, Snapshot?> kept, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(kept);
        var tails = new Dictionary<string, List<StoredEvent>>(StringComparer.Ordinal);
        var events = 0;
        await foreach (var e in store.ReadTeamAfterAsync(team, since, ct))
        {
            if (++events > MaxEventsSince) return null;
            if (!tails.TryGetValue(e.Stream.Expert, out var tail)) tails[e.Stream.Expert] = tail = [];
            tail.Add(e);
        }
        var changed = new Dictionary<string, Snapshot?>(tails.Count, StringComparer.Ordinal);
        foreach (var (slug, tail) in tails)
            changed[slug] = kept(slug) is { } before && FoldOn(before, tail) is { } folded
                ? folded
                : await store.LoadAsync(new StreamId(team, slug), ct);
        return changed;
    }
}
