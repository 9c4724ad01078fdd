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
    public Task<WriteResult> LearnAsync(string team, TaskReport report, bool onboardUnknown, bool amend, string? callerKey, CancellationToken ct) =>
        LearnAsync(team, report, onboardUnknown, amend, superseded: false, callerKey, ct);

    /// <summary>A caller's key with the hash of what it names; null without a key.</summary>
    private static CommitKey? CallerKey(string? key, string request) =>
        key is null ? null : new CommitKey(key, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(request))));

    /// <summary>
    /// The answer to a request repeated under its caller key: what its commit wrote, read back from the log (a commit's
    /// events are consecutive, ending at <see cref="AppendResult.LastPosition"/>). Per expert in the commit's order: the
    /// events it got and its version after them; an expert whose stream the commit began was onboarded by it.
    /// </summary>
    private async Task<WriteResult> ReplayedAsync(AppendResult first, CancellationToken ct)
    {
        var events = new List<StoredEvent>(first.EventCount);
        await foreach (var e in store.ReadAllAsync(first.LastPosition - first.EventCount, ct))
        {
            events.Add(e);
            if (events.Count == first.EventCount) break;
        }
        var streams = events.GroupBy(e => e.Stream.Expert).ToList();
        var changes = streams.Select(s => new ExpertChange(s.Key, s.Count(), s.Max(e => e.Version), null)).ToList();
        return new WriteResult(false, changes, [.. streams.Where(s => s.First().Version == 1).Select(s => s.Key)]) { Replayed = true };
    }
}
