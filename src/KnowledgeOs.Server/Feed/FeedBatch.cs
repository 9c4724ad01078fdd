using KnowledgeOs.Storage;

namespace KnowledgeOs.Server.Feed;

/// <summary>
/// A step of a team's change feed: the events after the follower's position, in order, and whether they reach the
/// head as far as this server has read (false while a catch-up still has chunks to go). An empty batch at the head
/// says "nothing new for a while", so a follower can send its heartbeat.
/// </summary>
public readonly record struct FeedBatch(IReadOnlyList<StoredEvent> Events, bool AtHead)
{
    /// <summary>Nothing new: the follower is at the head.</summary>
    public static FeedBatch Quiet { get; } = new([], AtHead: true);

    /// <summary>This batch without the events at or before <paramref name="position"/> (a client that joined the tail ahead of it has them).</summary>
    public FeedBatch After(long position) =>
        Events.Count == 0 || Events[0].Position > position ? this : this with { Events = [.. Events.Where(e => e.Position > position)] };
}
