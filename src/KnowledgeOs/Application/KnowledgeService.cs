using System.Security.Cryptography;
using System.Text.Json;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Storage;
using KnowledgeOs.Text;
using Polly;
using Polly.Retry;

namespace KnowledgeOs.Application;

/// <summary>
/// The one code path every interface (CLI, HTTP, MCP) uses to change and read knowledge bases:
/// load state, decide (pure), append with the expected version, retry a lost race with backoff and jitter.
/// </summary>
/// <param name="states">The process's one state cache, when reads share it (a server that owns its SQLite file); else the service keeps its own.</param>
public sealed partial class KnowledgeService(IEventStore store, TimeProvider time, LearningOptions? options = null, int maxConflictRetries = 6,
    StateCache? states = null)
{
    private readonly LearningOptions _options = options ?? LearningOptions.Default;
    private readonly StreamLocks _locks = new(store);

    private readonly StateCache _cache = states ?? new();

    private readonly ResiliencePipeline _conflictRetry = ConflictRetry.Pipeline(maxConflictRetries);

    private long _conflictRetries;

    /// <summary>Lost version races retried since this service started (writers of one expert in this process queue
    /// instead of racing, so this counts races with other processes or servers and stale cached states).</summary>
    public long ConflictRetries => Interlocked.Read(ref _conflictRetries);

    /// <summary>The store behind the service.</summary>
    public IEventStore Store => store;

    /// <summary>The learning rules in force.</summary>
    public LearningOptions Options => _options;

    /// <summary>Onboards an expert.</summary>
    public Task<WriteResult> OnboardAsync(string team, OnboardExpert command, string source, CancellationToken ct, string? callerKey = null) =>
        WriteOneAsync(team, command.Slug, null, (state, at) => ExpertDecider.Onboard(state, command, source, at), ct, allowNew: true,
            caller: CallerKey(callerKey, "onboard", command, source));

    /// <summary>Changes an expert's profile; with <paramref name="expectedVersion"/> the write fails if the expert moved.</summary>
    public Task<WriteResult> ChangeAsync(string team, string slug, ChangeExpert command, string source, long? expectedVersion, CancellationToken ct,
        string? callerKey = null) =>
        WriteOneAsync(team, slug, expectedVersion, (state, at) => ExpertDecider.Change(Existing(state, team, slug), command, source, at), ct,
            caller: CallerKey(callerKey, "change", slug, command, source, expectedVersion));

    /// <summary>Adds (or confirms) an item by hand.</summary>
    public Task<WriteResult> AddAsync(string team, string slug, AddKnowledge command, string source, CancellationToken ct, string? callerKey = null) =>
        WriteOneAsync(team, slug, null, (state, at) => ExpertDecider.Add(Existing(state, team, slug), command, source, at), ct,
            caller: CallerKey(callerKey, "add", slug, command, source));

    /// <summary>Confirms an item by id (or a unique id prefix).</summary>
    public Task<WriteResult> ConfirmAsync(string team, string slug, string itemId, string source, CancellationToken ct, string? callerKey = null) =>
        WriteOneAsync(team, slug, null, (state, at) => ExpertDecider.Confirm(Existing(state, team, slug), itemId, source, at), ct,
            caller: CallerKey(callerKey, "confirm", slug, itemId, source));

    /// <summary>Retracts an item with a reason.</summary>
    public Task<WriteResult> RetractAsync(string team, string slug, string itemId, string reason, string source, CancellationToken ct, string? callerKey = null) =>
        WriteOneAsync(team, slug, null, (state, at) => ExpertDecider.Retract(Existing(state, team, slug), itemId, reason, source, at), ct,
            caller: CallerKey(callerKey, "retract", slug, itemId, reason, source));

    /// <summary>
    /// Merges the expert <paramref name="from"/> (a near-twin) into <paramref name="into"/>: both streams in one
    /// commit (<see cref="ExpertMerge"/>); merging again writes nothing.
    /// </summary>
    public async Task<WriteResult> MergeAsync(string team, string from, string into, string source, CancellationToken ct)
    {
        ExpertDecider.ValidateSlug(team, "team");
        ExpertDecider.ValidateSlug(from, "from");
        ExpertDecider.ValidateSlug(into, "into");
        if (from == into) throw InputException.Of($"Cannot merge '{from}' into itself.", "into", ErrorCodes.MergeIntoItself, from);
        var (fromStream, intoStream) = (new StreamId(team, from), new StreamId(team, into));
        return await RetryConflictsAsync(async token =>
        {
            await using var turn = await _locks.AcquireAsync([fromStream, intoStream], token);
            var twin = await _cache.LoadForWriteAsync(store, fromStream, turn, token) ?? throw NotFound(team, from);
            var survivor = await _cache.LoadForWriteAsync(store, intoStream, turn, token) ?? throw NotFound(team, into);
            var (fromEvents, intoEvents) = ExpertMerge.Decide(twin.State, survivor.State, source, time.GetUtcNow());
            var appends = new[] { (Snapshot: survivor, Stream: intoStream, Events: intoEvents), (Snapshot: twin, Stream: fromStream, Events: fromEvents) }
                .Where(a => a.Events.Count > 0)
                .Select(a => new StreamAppend(a.Stream, a.Snapshot.Version, a.Events, ExpertState.Fold(a.Snapshot.State, a.Events)!))
                .ToList();
            if (appends.Count > 0) await AppendAsync(new Commit(team, appends), turn, token);
            ExpertChange Change(string slug, Snapshot before, IReadOnlyList<KnowledgeEvent> events) =>
                new(slug, events.Count, before.Version + events.Count, events.Count == 0 ? before.State : ExpertState.Fold(before.State, events));
            return new WriteResult(false, [Change(into, survivor, intoEvents), Change(from, twin, fromEvents)], []);
        }, ct);
    }

    /// <summary>
    /// Applies a pure decision to one existing expert (the cycle's promotion review, level changes, feed entries):
    /// loaded, decided, appended with the expected version, retried on a lost race. No events, no write.
    /// </summary>
    public Task<WriteResult> DecideAsync(string team, string slug, Func<ExpertState, DateTimeOffset, IReadOnlyList<KnowledgeEvent>> decide, CancellationToken ct) =>
        WriteOneAsync(team, slug, null, (state, at) => decide(Existing(state, team, slug), at), ct);

    /// <summary>
    /// Learns from a task report: every participant's events in one atomic commit keyed by the task id.
    /// Replaying the same report writes nothing; the same task id with a different report is a conflict.
    /// </summary>
    public Task<WriteResult> LearnAsync(string team, TaskReport report, bool onboardUnknown, CancellationToken ct) =>
        LearnAsync(team, report, onboardUnknown, amend: false, ct);

    /// <summary>
    /// Learns from a task report; with <paramref name="amend"/> a report for a task already learned is applied as a
    /// revision (<see cref="TaskLearning.Amend"/>): one commit keyed by the move from the content the task stands on to this
    /// one (<c>task:&lt;id&gt;#rev-&lt;hash8&gt;</c> from the original, <c>…#rev-&lt;to&gt;-after-&lt;from&gt;</c> from a revision), so the
    /// content it stands on again writes nothing and an older content switches it back. Amending a task no participant knows is a plain learn.
    /// </summary>
    public Task<WriteResult> LearnAsync(string team, TaskReport report, bool onboardUnknown, bool amend, CancellationToken ct) =>
        LearnAsync(team, report, onboardUnknown, amend, superseded: false, ct);

    /// <summary>
    /// As <see cref="LearnAsync(string, TaskReport, bool, bool, CancellationToken)"/>; <paramref name="superseded"/> says a
    /// later revision of the same task follows in the same batch (a folder of ATRA revisions): this one is history, so a
    /// content the task was ever learned or amended from writes nothing instead of switching the task back to it.
    /// </summary>
    public Task<WriteResult> LearnAsync(string team, TaskReport report, bool onboardUnknown, bool amend, bool superseded, CancellationToken ct) =>
        LearnAsync(team, report, Hash(report), onboardUnknown, amend, superseded, caller: null, ct);

    private async Task<WriteResult> LearnAsync(string team, TaskReport report, string hash, bool onboardUnknown, bool amend, bool superseded,
        CommitKey? caller, CancellationToken ct)
    {
        ExpertDecider.ValidateSlug(team, "team");
        // A report of a task under way only starts it (TaskStarts): nothing to amend, no items used yet.
        amend &= !report.InProgress;
        return await RetryConflictsAsync(async token =>
        {
            // The experts holding the items the task used get their ItemUsed events in the same commit.
            // An amend also needs it: the experts holding the task the revision may no longer name.
            var directory = report.Participants.Any(p => p.Expert.Slug is null) || report.UsedItems is { Count: > 0 } || amend
                ? await store.ListAsync(team, token) : null;
            var owners = UsedItemOwners(team, report, directory);
            var holders = amend ? DroppedParticipants.Holders(report.TaskId, directory!.Select(e => e.State)) : [];
            if (report.Participants.All(p => p.Expert.Slug is not null))
            {
                // Every participant named by slug: queue on those streams, then read them once.
                var slugs = report.Participants.Select(p => p.Expert.Slug!).Concat(owners).Concat(holders).Distinct().ToList();
                await using var turn = await _locks.AcquireAsync(slugs.Select(s => new StreamId(team, s)), token);
                var experts = await _cache.LoadAllForWriteAsync(store, team, slugs, turn, token);
                var resolved = ParticipantResolver.Resolve(experts.Select(e => e.State).ToList(), report, onboardUnknown);
                return await DecideAndAppendAsync(team, report, resolved, owners, experts, amend, superseded, hash, caller, turn, token);
            }
            else
            {
                // Matching by display name and role needs the team's directory; the streams are read again under their locks.
                var resolved = ParticipantResolver.Resolve(directory!.Select(e => e.State).ToList(), report, onboardUnknown);
                var slugs = resolved.Select(r => r.Slug).Concat(owners).Concat(holders).Distinct().ToList();
                await using var turn = await _locks.AcquireAsync(slugs.Select(s => new StreamId(team, s)), token);
                var experts = await _cache.LoadAllForWriteAsync(store, team, slugs, turn, token);
                return await DecideAndAppendAsync(team, report, resolved, owners, experts, amend, superseded, hash, caller, turn, token);
            }
        }, ct);
    }

    /// <summary>The experts holding the items a report used; an id no expert holds is an error naming it.</summary>
    private static IReadOnlyList<string> UsedItemOwners(string team, TaskReport report, IReadOnlyList<Snapshot>? directory)
    {
        if (report.UsedItems is not { Count: > 0 } used || directory is null || report.InProgress) return [];
        var unknown = used.Where(id => !directory.Any(e => e.State.Items.ContainsKey(id))).ToList();
        var field = report.Format == ReportFormats.Atra ? "used_items" : "usedItems";
        if (unknown.Count > 0)
            throw InputException.Of($"{field}: no expert of team '{team}' has the item {string.Join(", ", unknown.Take(5).Select(u => $"'{u}'"))}.", field,
                ErrorCodes.UsedItemsUnknown, field, team, string.Join(", ", unknown.Take(5)));
        return [.. directory.Where(e => used.Any(e.State.Items.ContainsKey)).Select(e => e.State.Slug)];
    }

    private async ValueTask<WriteResult> DecideAndAppendAsync(
        string team, TaskReport report, IReadOnlyList<ParticipantResolver.Resolved> resolved, IReadOnlyList<string> owners,
        IReadOnlyList<Snapshot> experts, bool amend, bool superseded, string hash, CommitKey? caller, StreamLocks.Turn turn, CancellationToken ct)
    {
        // A revision needs a task to revise: one a participant already took part in. Otherwise it is learned as it stands.
        var current = amend ? experts.Select(e => e.State.Task(report.TaskId)).FirstOrDefault(t => t is not null) : null;
        var matches = resolved.Where(r => r.MatchedBy is not ("slug" or "new")).Select(r => $"{r.Participant.Expert.Name} → {r.Slug} ({r.MatchedBy})").ToList();
        string? revision = null;
        // A start is not keyed: the task's own key stays free for its final report, and a start already made writes nothing.
        var key = report.InProgress ? null : "task:" + report.TaskId;
        if (current is not null)
        {
            // Each content is named: the one the task was first learned from is "original", any other its hash's first 8 hex.
            var from = current.Revision ?? TaskLearning.OriginalRevision;
            revision = await FirstLearnedFromAsync(team, report.TaskId, hash, ct) ? TaskLearning.OriginalRevision : hash[..8];
            // A repeat of an amend under its caller key finds the task standing on its content: answered from the key, not as "nothing to do".
            if (caller is not null && await AppendAsync(new Commit(team, []) { CallerKey = caller }, null, ct) is { ByCallerKey: true } first)
                return await ReplayedAsync(first, ct) with { Matches = matches, Revision = revision };
            // The content the task stands on now, given again, or a superseded one it was ever moved to: a replay.
            if (revision == from || (superseded && (revision == TaskLearning.OriginalRevision || await KeyHoldsAsync(team, $"task:{report.TaskId}#rev-{revision}", hash, ct))))
                return new WriteResult(true, [], []) { Matches = matches, Revision = current.Revision is null ? null : revision };
            // The key names the move, from what stands to this content: the same move again (a replay of the sequence)
            // writes nothing, and going back to an earlier content is a move of its own. From the original it keeps the
            // first revision's key of old, so logs written before stay replayable.
            key = from == TaskLearning.OriginalRevision ? $"task:{report.TaskId}#rev-{revision}" : $"task:{report.TaskId}#rev-{revision}-after-{from}";
        }
        var appends = new List<StreamAppend>();
        var onboarded = new List<string>();
        foreach (var (participant, slug, onboard) in resolved)
        {
            var stream = new StreamId(team, slug);
            var snapshot = experts.FirstOrDefault(e => e.State.Slug == slug);
            var state = snapshot?.State;
            var events = new List<KnowledgeEvent>();
            if (onboard is not null && state is null)
            {
                events.AddRange(ExpertDecider.Onboard(null, onboard, report.Source, report.CompletedAt));
                state = ExpertState.Fold(null, events);
                onboarded.Add(slug);
            }
            // The state after the learned events is the one the decision folded on its way, never folded again: the uses
            // are decided on it and folded onto it.
            var (decided, after) = report.InProgress ? Started(state!, report)
                : revision is null ? TaskLearning.Learn(state!, report, participant, _options)
                : TaskLearning.LearnAmended(state!, report, participant, revision, _options);
            var learned = decided.ToList();
            if (owners.Contains(slug)) after = ExpertState.Keep(after, learned, ItemUsage.Decide(after, report));
            events.AddRange(learned);
            if (events.Count == 0) continue;
            appends.Add(new StreamAppend(stream, snapshot?.Version ?? ExpectedVersion.NoStream, events, after));
        }
        foreach (var snapshot in experts.Where(e => !resolved.Any(r => r.Slug == e.State.Slug)))
        {
            // An expert the revision no longer names loses the task; one whose item was used but who did not take part
            // gets only the use recorded.
            var events = DroppedParticipants.Decide(snapshot.State, report, revision);
            var after = ExpertState.Fold(snapshot.State, events)!;
            if (owners.Contains(snapshot.State.Slug)) after = ExpertState.Keep(after, events, ItemUsage.Decide(after, report));
            if (events.Count > 0) appends.Add(new StreamAppend(new StreamId(team, snapshot.State.Slug), snapshot.Version, events, after));
        }
        if (key is null && caller is null && appends.Count == 0) return new WriteResult(true, [], []) { Matches = matches };
        AppendResult result;
        try
        {
            result = await AppendAsync(new Commit(team, appends, key, key is null ? null : hash) { CallerKey = caller }, turn, ct);
        }
        catch (ConflictException reused) when (revision is null && key is not null && reused.IsKeyReused(key))
        {
            throw ConflictException.TaskLearnedWithOtherContent(team, report.TaskId, key, reused);
        }
        if (result.ByCallerKey) return await ReplayedAsync(result, ct) with { Matches = matches, Revision = revision };
        if (result.Duplicate || (key is null && appends.Count == 0)) return new WriteResult(true, [], []) { Matches = matches, Revision = revision };
        return new WriteResult(false, appends.Select(a => new ExpertChange(a.Stream.Expert, a.Events.Count, a.ExpectedVersion + a.Events.Count, a.NewState)).ToList(), onboarded)
        {
            Matches = matches,
            Revision = revision,
        };
    }

    /// <summary>The start of a task under way (<see cref="TaskStarts"/>) and the state after it.</summary>
    private static TaskLearning.Learned Started(ExpertState state, TaskReport report)
    {
        var events = TaskStarts.Decide(state, report.TaskId, report.Title, report.Source, report.CompletedAt);
        return new(events, ExpertState.Fold(state, events)!);
    }

    /// <summary>
    /// True when the task's own key (<c>task:&lt;id&gt;</c>) holds this content hash: the store answers a commit of no
    /// events under that key with "duplicate" exactly then, and refuses it when the task was learned from other content.
    /// </summary>
    private Task<bool> FirstLearnedFromAsync(string team, string taskId, string hash, CancellationToken ct) => KeyHoldsAsync(team, "task:" + taskId, hash, ct);

    /// <summary>True when a commit key holds this content hash (an empty commit under it is answered "duplicate").</summary>
    private async Task<bool> KeyHoldsAsync(string team, string key, string hash, CancellationToken ct)
    {
        try
        {
            return (await AppendAsync(new Commit(team, [], key, hash), null, ct)).Duplicate;
        }
        catch (ConflictException other) when (other.IsKeyReused(key))
        {
            return false;
        }
    }

    /// <summary>
    /// Applies a pure decision to one expert, new or existing, as one commit keyed by <paramref name="idempotencyKey"/>
    /// (a file import: the key is its content hash). The same key again writes nothing and answers <see cref="WriteResult.Duplicate"/>.
    /// The writers record the key only with a commit that wrote events: a decision with no events leaves no key, so the
    /// same input again is decided again (and again writes nothing).
    /// </summary>
    public Task<WriteResult> WriteKeyedAsync(string team, string slug, Func<ExpertState?, DateTimeOffset, IReadOnlyList<KnowledgeEvent>> decide,
        string idempotencyKey, CancellationToken ct, string? callerKey = null) =>
        WriteOneAsync(team, slug, null, decide, ct, allowNew: true, idempotencyKey, CallerKey(callerKey, "keyed", idempotencyKey));

    private async Task<WriteResult> WriteOneAsync(
        string team, string slug, long? expectedVersion,
        Func<ExpertState?, DateTimeOffset, IReadOnlyList<KnowledgeEvent>> decide, CancellationToken ct, bool allowNew = false, string? idempotencyKey = null,
        CommitKey? caller = null)
    {
        ExpertDecider.ValidateSlug(team, "team");
        ExpertDecider.ValidateSlug(slug, "slug");
        var stream = new StreamId(team, slug);
        return await RetryConflictsAsync(async token =>
        {
            await using var turn = await _locks.AcquireAsync([stream], token);
            var snapshot = await _cache.LoadForWriteAsync(store, stream, turn, token);
            var version = snapshot?.Version ?? ExpectedVersion.NoStream;
            IReadOnlyList<KnowledgeEvent> events;
            try
            {
                if (!allowNew && snapshot is null) throw NotFound(team, slug);
                // Checked under the stream's lock, against the version the append will expect: a stale expectation is always
                // this one answer (HTTP 412), never a lost race reported another way.
                if (expectedVersion is { } expected && expected != version)
                    throw StaleVersionException.Of(slug, version, expected);
                events = decide(snapshot?.State, time.GetUtcNow());
            }
            catch (KnowledgeOsException) when (caller is not null)
            {
                // A repeat the state no longer allows (its If-Match is stale now, the item retracted already): the first answer if there was one.
                var first = await AppendAsync(new Commit(team, []) { CallerKey = caller }, null, token);
                if (first.ByCallerKey) return await ReplayedAsync(first, decide, token);
                throw;
            }
            if (events.Count == 0 && idempotencyKey is null && caller is null) return new WriteResult(false, [new ExpertChange(slug, 0, version, snapshot?.State)], []);
            var newState = ExpertState.Fold(snapshot?.State, events);
            StreamAppend[] appends = events.Count == 0 ? [] : [new StreamAppend(stream, version, events, newState!)];
            var appended = await AppendAsync(new Commit(team, appends, idempotencyKey, idempotencyKey) { CallerKey = caller }, turn, token);
            if (appended.ByCallerKey) return await ReplayedAsync(appended, decide, token);
            if (appended.Duplicate) return new WriteResult(true, [], []);
            if (events.Count == 0) return new WriteResult(false, [new ExpertChange(slug, 0, version, snapshot?.State)], []);
            return new WriteResult(false, [new ExpertChange(slug, events.Count, version + events.Count, newState)], []);
        }, ct);
    }

    private async Task<WriteResult> RetryConflictsAsync(Func<CancellationToken, ValueTask<WriteResult>> write, CancellationToken ct)
    {
        var attempts = 0;
        return await _conflictRetry.RunAsync(maxConflictRetries, token =>
        {
            if (attempts++ > 0) Interlocked.Increment(ref _conflictRetries);
            return write(token);
        }, ct);
    }

    private static ExpertState Existing(ExpertState? state, string team, string slug) => state ?? throw NotFound(team, slug);

    private static NotFoundException NotFound(string team, string slug) => NotFoundException.Expert(team, slug);

    /// <summary>
    /// A caller's key with the hash of what the request asks (the operation and its inputs, as the service received
    /// them: the same request sent again, with other JSON spacing or a new multipart boundary, is the same); null without a key.
    /// </summary>
    private static CommitKey? CallerKey(string? key, params object?[] request) =>
        key is null ? null : new CommitKey(key, Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, EventTypes.Json))));

    /// <summary>A stable hash of a report's content, so the same task id with other content is recognised.</summary>
    public static string Hash(TaskReport report) =>
        // The serializer's UTF-8 directly: the same bytes as encoding its string, without the string and the copy.
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(report, EventTypes.Json)));
}
