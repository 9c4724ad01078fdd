using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Application;

public sealed partial class KnowledgeService
{
    /// <summary>
    /// Cancels a started task for these experts (<c>kos task cancel</c>, <c>POST …/tasks/{id}/cancel</c>, MCP
    /// <c>cancel_work</c>): a <see cref="Events.TaskCancelled"/> on the stream of each expert for whom the task is open, in
    /// one commit, dated now (<see cref="TaskCancels"/>). An expert for whom it is not open gets nothing, so cancelling
    /// again writes nothing. Every expert must exist (<see cref="NotFoundException"/> otherwise, nothing written).
    /// </summary>
    public Task<WriteResult> CancelTaskAsync(string team, string taskId, IReadOnlyList<string> experts, string? reason, CancellationToken ct, string? callerKey = null)
    {
        ExpertDecider.ValidateSlug(team, "team");
        (taskId, var slugs) = TaskAndExperts(taskId, experts);
        reason = reason?.Trim() is { Length: > 0 } r ? Text.TextPolicy.Text(r, "reason") : null;
        var source = "task:" + taskId;
        var caller = CallerKey(callerKey, "cancel", taskId, slugs, reason);
        return RetryConflictsAsync(async token =>
        {
            var streams = slugs.Select(s => new StreamId(team, s)).ToList();
            await using var turn = await _locks.AcquireAsync(streams, token);
            var at = time.GetUtcNow();
            var appends = new List<StreamAppend>();
            var changes = new List<ExpertChange>();
            foreach (var stream in streams)
            {
                var before = await _cache.LoadForWriteAsync(store, stream, turn, token) ?? throw NotFound(team, stream.Expert);
                var events = TaskCancels.Decide(before.State, taskId, reason, source, at);
                var after = events.Count == 0 ? before.State : ExpertState.Fold(before.State, events)!;
                if (events.Count > 0) appends.Add(new StreamAppend(stream, before.Version, events, after));
                changes.Add(new ExpertChange(stream.Expert, events.Count, before.Version + events.Count, after));
            }
            if (appends.Count == 0 && caller is null) return new WriteResult(false, changes, []);
            var result = await AppendAsync(new Commit(team, appends) { CallerKey = caller }, turn, token);
            return result.ByCallerKey ? await ReplayedAsync(result, token) : new WriteResult(false, changes, []);
        }, ct);
    }
}
