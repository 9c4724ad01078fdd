namespace KnowledgeOs.Storage;

/// <summary>
/// When a commit rewrites the expert's state snapshot (<c>experts.state_json</c>, as of <c>state_version</c>), in
/// every store. Serializing a whole knowledge base on every commit made a commit's cost grow with the expert's
/// history; a snapshot every <see cref="Interval"/> events bounds the replay a load needs, and the decision
/// depends on versions alone, so it needs no read.
/// </summary>
public static class SnapshotPolicy
{
    /// <summary>Events between snapshots at most.</summary>
    public const int Interval = 64;

    /// <summary>True for a new stream and whenever the commit crosses a multiple of the interval.</summary>
    public static bool Due(long expectedVersion, long newVersion) =>
        expectedVersion == 0 || newVersion / Interval != expectedVersion / Interval;
}
