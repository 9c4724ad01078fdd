using KnowledgeOs.Experts;

namespace KnowledgeOs.Storage;

/// <summary>
/// When a commit rewrites the expert's state snapshot (<c>experts.state_json</c>, as of <c>state_version</c>), in
/// every store. Serializing a whole knowledge base on every commit made a commit's cost grow with the expert's
/// history; so did a snapshot every 64 events once an expert held thousands of records (issue 16). The interval is
/// 64 events times a power of two, the largest not above the records the new state holds (items, tasks, claims,
/// sources): the snapshot's cost per event stays about one record's JSON, and the replay a load needs after the
/// snapshot stays within the size of the state it reads anyway. Multiples of a larger interval are multiples of a
/// smaller one, and the decision depends on versions and the state in hand alone, so it needs no read.
/// </summary>
public static class SnapshotPolicy
{
    /// <summary>Events between snapshots at most, for a state holding fewer records than twice this.</summary>
    public const int Interval = 64;

    /// <summary>The snapshot interval for a state: <see cref="Interval"/> times the largest power of two not above its records over <see cref="Interval"/>.</summary>
    public static long IntervalFor(ExpertState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        long records = state.Items.Count + state.Tasks.Count + state.Claims.Count + state.Sources.Count;
        return records < 2 * Interval ? Interval : (long)Interval << System.Numerics.BitOperations.Log2((ulong)(records / Interval));
    }

    /// <summary>True for a new stream and whenever the commit crosses a multiple of the interval of the state it leads to.</summary>
    public static bool Due(long expectedVersion, long newVersion, ExpertState newState)
    {
        if (expectedVersion == 0) return true;
        var interval = IntervalFor(newState);
        return newVersion / interval != expectedVersion / interval;
    }
}
