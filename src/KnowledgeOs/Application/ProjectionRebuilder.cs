using System.Text.Json;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Application;

/// <summary>What a rebuild found.</summary>
/// <param name="Events">Events replayed.</param>
/// <param name="Streams">Streams (experts) rebuilt.</param>
/// <param name="Mismatches">Streams whose stored projection differed from the replay (empty when inline equals rebuilt).</param>
/// <param name="Written">True when the rebuilt projections replaced the stored ones.</param>
public sealed record RebuildReport(long Events, int Streams, IReadOnlyList<string> Mismatches, bool Written);

/// <summary>Rebuilds every projection from the log and proves it equal to the inline one.</summary>
public static class ProjectionRebuilder
{
    /// <summary>Replays all events, compares with the stored projections, and (when <paramref name="write"/>) replaces them.</summary>
    public static async Task<RebuildReport> RebuildAsync(IEventStore store, bool write, IProgress<long>? progress, CancellationToken ct)
    {
        var states = new Dictionary<StreamId, (ExpertState? State, long Version)>();
        long count = 0;
        await foreach (var e in store.ReadAllAsync(0, ct))
        {
            states.TryGetValue(e.Stream, out var current);
            states[e.Stream] = (ExpertState.Evolve(current.State, e.Event), e.Version);
            if (++count % 1000 == 0) progress?.Report(count);
        }
        progress?.Report(count);
        var mismatches = new List<string>();
        var rebuilt = new List<(StreamId, Snapshot)>();
        foreach (var (stream, (state, version)) in states.OrderBy(s => s.Key.ToString(), StringComparer.Ordinal))
        {
            var snapshot = new Snapshot(state!, version);
            rebuilt.Add((stream, snapshot));
            var stored = await store.LoadAsync(stream, ct);
            if (stored is null || stored.Version != version || Json(stored.State) != Json(state!)) mismatches.Add(stream.ToString());
        }
        if (write)
        {
            try
            {
                await store.ReplaceProjectionsAsync(rebuilt, ct);
            }
            catch (WrongExpectedVersionException moved)
            {
                throw new ConflictException($"{moved.Stream} changed while the log was replayed; nothing was replaced. Run rebuild again.", moved)
                    .WithCode(ErrorCodes.RebuildRaced, moved.Stream.ToString());
            }
        }
        return new RebuildReport(count, states.Count, mismatches, write);
    }

    /// <summary>Canonical JSON of a state, for comparing projections.</summary>
    public static string Json(ExpertState state) => JsonSerializer.Serialize(state, EventTypes.Json);
}
