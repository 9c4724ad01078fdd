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
}
