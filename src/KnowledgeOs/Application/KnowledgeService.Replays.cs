using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Application;

public sealed partial class KnowledgeService
{
    /// <summary>
    /// Learns from a report on behalf of a caller who named the request with <paramref name="callerKey"/> (HTTP
    /// <c>Idempotency-Key</c>, scoped by the caller): the key is recorded with the report's commit, in its transaction.
    /// The same request under it again, here or on another server, writes nothing and is answered with what the first
    /// wrote (<see cref="WriteResult.Replayed"/>); another request under it is refused (<see cref="ConflictException.IdempotencyKeyReused"/>).
    /// </summary>
    public Task<WriteResult> LearnAsync(string team, TaskReport report, bool onboardUnknown, bool amend, string? callerKey, CancellationToken ct)
    {
        var hash = Hash(report);
        return LearnAsync(team, report, hash, onboardUnknown, amend, superseded: false, CallerKey(callerKey, "report", hash, onboardUnknown, amend), ct);
    }

    /// <summary>
    /// The answer to a report repeated under its caller key: what its commit wrote. Per expert in the commit's order: the
    /// events it got and its version after them; an expert whose stream the commit began was onboarded by it.
    /// </summary>
    private async Task<WriteResult> ReplayedAsync(AppendResult first, CancellationToken ct)
    {
        var streams = (await CommittedAsync(first, ct)).GroupBy(e => e.Stream.Expert).ToList();
        var changes = streams.Select(s => new ExpertChange(s.Key, s.Count(), s.Max(e => e.Version), null)).ToList();
        return new WriteResult(false, changes, [.. streams.Where(s => s.First().Version == 1).Select(s => s.Key)]) { Replayed = true };
    }

    /// <summary>
    /// The answer to a one-expert write repeated under its caller key, as the first was answered: the expert's state
    /// after the first's events, and <paramref name="decide"/> run once more on the state the first decided on (pure, so
    /// it decides the same), for a caller that describes its decision (an import's counts).
    /// </summary>
    private async Task<WriteResult> ReplayedAsync(AppendResult first, Func<ExpertState?, DateTimeOffset, IReadOnlyList<KnowledgeEvent>> decide, CancellationToken ct)
    {
        var committed = await CommittedAsync(first, ct);
        var stream = committed[0].Stream;
        var (from, to) = (committed[0].Version - 1, committed[^1].Version);
        ExpertState? before = null, after = null;
        await foreach (var e in store.ReadStreamAsync(stream, null, ct))
        {
            if (e.Version > to) break;
            if (e.Version <= from) before = ExpertState.Fold(before, [e.Event]);
            after = ExpertState.Fold(after, [e.Event]);
        }
        _ = decide(before, time.GetUtcNow());
        return new WriteResult(false, [new ExpertChange(stream.Expert, committed.Count, to, after)], from == 0 ? [stream.Expert] : []) { Replayed = true };
    }

    /// <summary>A commit's events, read back from the log: they are consecutive, ending at <see cref="AppendResult.LastPosition"/>.</summary>
    private async Task<List<StoredEvent>> CommittedAsync(AppendResult first, CancellationToken ct)
    {
        var events = new List<StoredEvent>(first.EventCount);
        await foreach (var e in store.ReadAllAsync(first.LastPosition - first.EventCount, ct))
        {
            events.Add(e);
            if (events.Count == first.EventCount) break;
        }
        return events;
    }
}
