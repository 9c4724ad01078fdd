using KnowledgeOs.Storage;

namespace KnowledgeOs.Application;

/// <summary>
/// A write decided on the state a queued commit of another writer leads to (early lock release), and that commit did not
/// land (refused by its key or a limit, a duplicate, or dropped): this write is refused with it. Not a lost race — nobody
/// moved the stream — so <see cref="ConflictRetry"/> runs it again on the stored state without spending the race budget.
/// </summary>
public sealed class StoodOnNotLandedException(StreamId stream, long version, Exception? refusal = null)
    : Exception($"The write was decided on version {version} of {stream}, the state another writer's queued commit led to, and that commit did not land; it is decided again on the stored state.", refusal)
{
    /// <summary>The stream whose pending state did not land.</summary>
    public StreamId Stream { get; } = stream;

    /// <summary>The version the write was decided on, which the stream never reached that way.</summary>
    public long Version { get; } = version;
}
