using System.Collections.Concurrent;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Application;

/// <summary>
/// The states this process last wrote, so the next write to the same expert decides without reading and
/// deserializing the whole knowledge base again. Only an optimisation: every append still carries the expected
/// version, so a state another process or server has moved on from is refused by the store, forgotten here,
/// and read afresh on the retry. Reads for users never come from here.
/// </summary>
public sealed class WriteCache(int capacity = 4096)
{
    private readonly ConcurrentDictionary<StreamId, Snapshot> _states = new();

    /// <summary>The cached state of a stream, or null.</summary>
    public Snapshot? Get(StreamId stream) => _states.TryGetValue(stream, out var s) ? s : null;

    /// <summary>Remembers the state a successful append led to.</summary>
    public void Remember(StreamId stream, Snapshot snapshot)
    {
        // Bounded by clearing: simple, and a miss only costs one read.
        if (_states.Count >= capacity) _states.Clear();
        _states.AddOrUpdate(stream, snapshot, (_, old) => old.Version >= snapshot.Version ? old : snapshot);
    }

    /// <summary>Drops a stream whose cached state turned out stale.</summary>
    public void Forget(StreamId stream) => _states.TryRemove(stream, out _);
}
