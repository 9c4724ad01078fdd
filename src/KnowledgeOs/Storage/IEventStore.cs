using KnowledgeOs.Events;
using KnowledgeOs.Experts;

namespace KnowledgeOs.Storage;

/// <summary>Expected stream versions with a special meaning.</summary>
public static class ExpectedVersion
{
    /// <summary>The stream must not exist yet.</summary>
    public const long NoStream = 0;
}

/// <summary>New events for one stream, with the state they lead to (the inline projection).</summary>
/// <param name="Stream">The stream.</param>
/// <param name="ExpectedVersion">Version the events were decided on: the number of events already in the stream.</param>
/// <param name="Events">New events, in order.</param>
/// <param name="NewState">The state after the events, written in the same transaction.</param>
public sealed record StreamAppend(StreamId Stream, long ExpectedVersion, IReadOnlyList<KnowledgeEvent> Events, ExpertState NewState);

/// <summary>One atomic write: events for one or more streams of one team, all or nothing.</summary>
/// <param name="Team">The team every stream belongs to; idempotency keys are per team.</param>
/// <param name="Streams">The appends; each keeps its own version check. May be empty when only the key is checked.</param>
/// <param name="IdempotencyKey">When set, a commit with this key is applied once; a repeat returns the first result.</param>
/// <param name="RequestHash">Hash of the request behind the key; the same key with another hash is refused.</param>
public sealed record Commit(string Team, IReadOnlyList<StreamAppend> Streams, string? IdempotencyKey = null, string? RequestHash = null)
{
    /// <summary>
    /// The caller's own key for the request this commit answers (an HTTP <c>Idempotency-Key</c>, scoped by the caller),
    /// checked before <see cref="IdempotencyKey"/> and recorded with it in the same transaction: a repeat gets the first
    /// result (<see cref="AppendResult.ByCallerKey"/>), another request under it is refused like any reused key.
    /// </summary>
    public CommitKey? CallerKey { get; init; }
}

/// <summary>An idempotency key and the hash of the request it was used for.</summary>
/// <param name="Key">The key, unique per team.</param>
/// <param name="RequestHash">The request's hash; the same key with another hash is refused.</param>
public sealed record CommitKey(string Key, string RequestHash);

/// <summary>What an append did.</summary>
/// <param name="Duplicate">True when the idempotency key was already applied; nothing was written now.
/// A commit with no events and an unused key writes nothing and is not a duplicate.</param>
/// <param name="LastPosition">Global position of the last event of the commit (of the original commit for a duplicate).</param>
/// <param name="EventCount">Events the commit wrote (originally, for a duplicate).</param>
public sealed record AppendResult(bool Duplicate, long LastPosition, int EventCount)
{
    /// <summary>True when the duplicate was found by the commit's <see cref="Commit.CallerKey"/>: the very request was answered before.</summary>
    public bool ByCallerKey { get; init; }
}

/// <summary>A stream's inline projection and its version.</summary>
/// <param name="State">The knowledge base.</param>
/// <param name="Version">Events in the stream.</param>
public sealed record Snapshot(ExpertState State, long Version);

/// <summary>An event as stored.</summary>
/// <param name="Position">Global position, gap-free order of commit.</param>
/// <param name="Stream">Stream.</param>
/// <param name="Version">1-based version within the stream.</param>
/// <param name="Type">Stored type name (<c>v1.KnowledgeRecorded</c>).</param>
/// <param name="Event">The event.</param>
/// <param name="RecordedAt">Commit time.</param>
public sealed record StoredEvent(long Position, StreamId Stream, long Version, string Type, KnowledgeEvent Event, DateTimeOffset RecordedAt);

/// <summary>
/// The event store contract every backend implements (SQLite now, PostgreSQL next) and one contract test
/// suite proves. An acknowledged append is durable.
/// </summary>
public interface IEventStore : IAsyncDisposable
{
    /// <summary>Appends a commit atomically with its inline projections.</summary>
    /// <exception cref="WrongExpectedVersionException">A stream moved since the caller read it; nothing of the commit was written.</exception>
    /// <exception cref="ConflictException">The idempotency key was used with a different request.</exception>
    Task<AppendResult> AppendAsync(Commit commit, CancellationToken ct);

    /// <summary>
    /// Queues a commit and returns at once, saying whether its place in the store's order is already fixed
    /// (<see cref="QueuedAppend.InOrder"/>). <paramref name="after"/> names commits of this process still on their way that
    /// this one was decided on top of: unless each of them lands (is written, not refused, not a duplicate, not dropped),
    /// this one is refused with <see cref="WrongExpectedVersionException"/>, even when its expected versions match. A
    /// store that fixes no order before durability appends as <see cref="AppendAsync"/> does (the default).
    /// </summary>
    QueuedAppend Queue(Commit commit, IReadOnlyList<QueuedAppend> after, CancellationToken ct) => new(AppendAsync(commit, ct), InOrder: false);

    /// <summary>The inline projection of a stream, or null when the stream does not exist.</summary>
    Task<Snapshot?> LoadAsync(StreamId stream, CancellationToken ct);

    /// <summary>Every expert of a team (their projections), ordered by slug.</summary>
    Task<IReadOnlyList<Snapshot>> ListAsync(string team, CancellationToken ct);

    /// <summary>Team slugs that have at least one expert.</summary>
    Task<IReadOnlyList<string>> TeamsAsync(CancellationToken ct);

    /// <summary>A stream's events in order, optionally only those recorded up to a time.</summary>
    IAsyncEnumerable<StoredEvent> ReadStreamAsync(StreamId stream, DateTimeOffset? recordedUpTo, CancellationToken ct);

    /// <summary>A stream's events after a version, in order: what a state held at that version is missing.</summary>
    IAsyncEnumerable<StoredEvent> ReadStreamAfterAsync(StreamId stream, long afterVersion, CancellationToken ct);

    /// <summary>Every event after a global position, in order.</summary>
    IAsyncEnumerable<StoredEvent> ReadAllAsync(long afterPosition, CancellationToken ct);

    /// <summary>One team's events after a global position, in position order: the team's change feed (indexed by team, so a
    /// quiet team costs nothing however busy the others are).</summary>
    IAsyncEnumerable<StoredEvent> ReadTeamAfterAsync(string team, long afterPosition, CancellationToken ct);

    /// <summary>One team's newest events, newest first, at most <paramref name="count"/>, however long ago they were recorded.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadTeamLatestAsync(string team, int count, CancellationToken ct);

    /// <summary>The position of the newest event, 0 when the log is empty: where a feed that wants only new events starts.</summary>
    Task<long> HeadPositionAsync(CancellationToken ct);

    /// <summary>Replaces the inline projections with the given ones (used by rebuild), in one transaction.</summary>
    /// <exception cref="WrongExpectedVersionException">A snapshot's version is not its stream's current one, or a stream is missing: the log moved since it was replayed; nothing was replaced.</exception>
    Task ReplaceProjectionsAsync(IReadOnlyList<(StreamId Stream, Snapshot Snapshot)> projections, CancellationToken ct);

    /// <summary>
    /// A counter that every <see cref="ReplaceProjectionsAsync"/> bumps in its transaction: projections kept in memory
    /// (knowledge bases, renders, corpora) are stale once it moves, although the log's head did not. 0 for a store that
    /// no other process can rebuild.
    /// </summary>
    Task<long> ProjectionGenerationAsync(CancellationToken ct) => Task.FromResult(0L);

    /// <summary>
    /// Write affinity: holds <paramref name="streams"/> for the caller against the writers of every process sharing the
    /// database until the returned lease is disposed, so writers of the same experts take turns instead of racing on
    /// expected versions (the version check still guards correctness). Callers take their streams in one global order.
    /// A store may hold what it leased beyond the write (PostgreSQL keeps the lease of a group of a team's experts across many writes); a lease then
    /// says a stream's version (<see cref="IStreamLease.VersionAt"/>) to the first write of it after each grant and null
    /// afterwards, so a state cached by the caller is known stale before it decides.
    /// </summary>
    Task<IStreamLease> LeaseAsync(IReadOnlyList<StreamId> streams, CancellationToken ct);
}

/// <summary>A stream's version moved since it was read; the whole commit was refused and may be retried.</summary>
public sealed class WrongExpectedVersionException(StreamId stream, long expected, long actual)
    : Exception($"Stream {stream} is at version {actual}, expected {expected}.")
{
    /// <summary>The stream.</summary>
    public StreamId Stream { get; } = stream;
    /// <summary>The version the writer expected.</summary>
    public long Expected { get; } = expected;
    /// <summary>The version found.</summary>
    public long Actual { get; } = actual;
}
