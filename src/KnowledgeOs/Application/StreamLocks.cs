using System.Collections.Concurrent;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Application;

/// <summary>
/// Queueing of writers per stream: in-process first, then across processes through the store's lease
/// (<see cref="IEventStore.LeaseAsync"/>: on PostgreSQL a writer lease per team, held across many writes). Correctness never depends on it — the
/// store's expected-version check does that — but writers that touch the same expert would otherwise race, lose,
/// back off and retry; queued, they simply take turns and still share the store's group commit with writers of
/// other experts. The in-process turn comes first, so a process holds at most one lease per stream.
/// </summary>
public sealed class StreamLocks(IEventStore store)
{
    private readonly ConcurrentDictionary<StreamId, SemaphoreSlim> _locks = new();

    /// <summary>Waits for every stream, in one global order so two writers can never wait on each other.</summary>
    public async Task<IStreamLease> AcquireAsync(IEnumerable<StreamId> streams, CancellationToken ct)
    {
        var ordered = streams.Distinct().OrderBy(s => s.Team, StringComparer.Ordinal).ThenBy(s => s.Expert, StringComparer.Ordinal).ToList();
        var held = new List<SemaphoreSlim>(ordered.Count);
        try
        {
            foreach (var stream in ordered)
            {
                var gate = _locks.GetOrAdd(stream, _ => new SemaphoreSlim(1, 1));
                await gate.WaitAsync(ct);
                held.Add(gate);
            }
            var lease = await store.LeaseAsync(ordered, ct);
            return new Releaser(held, lease);
        }
        catch
        {
            await new Releaser(held, NoLease.Instance).DisposeAsync();
            throw;
        }
    }

    private sealed class Releaser(List<SemaphoreSlim> held, IStreamLease lease) : IStreamLease
    {
        public long? VersionAt(StreamId stream) => lease.VersionAt(stream);

        public IReadOnlyList<StoredEvent>? Missed(StreamId stream) => lease.Missed(stream);

        public async ValueTask DisposeAsync()
        {
            // The lease goes first: the next writer of this process then finds the streams free in the database too.
            await lease.DisposeAsync();
            foreach (var gate in held) gate.Release();
            held.Clear();
        }
    }
}
