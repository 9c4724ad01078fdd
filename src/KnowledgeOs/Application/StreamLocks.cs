using System.Collections.Concurrent;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Application;

/// <summary>
/// In-process queueing of writers per stream. Correctness never depends on it — the store's expected-version
/// check does that across processes and servers — but writers in one process that touch the same expert
/// would otherwise race, lose, back off and retry; queued, they simply take turns and still share the store's
/// group commit with writers of other experts.
/// </summary>
public sealed class StreamLocks
{
    private readonly ConcurrentDictionary<StreamId, SemaphoreSlim> _locks = new();

    /// <summary>Waits for every stream, in one global order so two writers can never wait on each other.</summary>
    public async Task<IDisposable> AcquireAsync(IEnumerable<StreamId> streams, CancellationToken ct)
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
            return new Releaser(held);
        }
        catch
        {
            new Releaser(held).Dispose();
            throw;
        }
    }

    private sealed class Releaser(List<SemaphoreSlim> held) : IDisposable
    {
        public void Dispose()
        {
            foreach (var gate in held) gate.Release();
            held.Clear();
        }
    }
}
