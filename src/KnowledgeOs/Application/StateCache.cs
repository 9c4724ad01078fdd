using System.Collections.Concurrent;
using System.Collections.Immutable;
using KnowledgeOs.Experts;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Application;

/// <summary>
/// The one cache of expert states in a process: the states the write decisions stand on and, on a server that owns its
/// SQLite file, the states reads are served from (<c>CachingEventStore</c> keeps no other), so a write caches its new state
/// once. One freshness rule: this process's writes are written through (a queued commit's state as pending until it is
/// durable; reads see only durable ones); a write refused by the store's version check, or an event another process
/// appended (the server's tail), marks the entry as moved on: reads no longer get it, the next write catches it up by
/// folding just the events it missed, or reads it afresh when further behind. Every append still carries the expected
/// version, so a stale state cannot slip through. Bounded: past <c>capacity</c> streams the half used least recently goes
/// (<see cref="LeastUsed"/>, as in <see cref="BoundedMemo{TKey, TToken, TValue}"/>; a miss costs one read).
/// </summary>
public sealed class StateCache(int capacity = StateCache.DefaultCapacity)
{
    /// <summary>Most events a stale state is caught up by; further behind, reading the stored snapshot is cheaper.</summary>
    public const int MaxCatchUp = SnapshotPolicy.Interval;

    /// <summary>Streams held by default (a process that only writes); a server serving reads from here holds more.</summary>
    public const int DefaultCapacity = 4096;

    private readonly ConcurrentDictionary<StreamId, Entry> _states = new();
    private readonly LeastUsed _uses = new();

    // The experts of each team whose every state is in the cache (so listing a team reads nothing), or absent.
    private readonly ConcurrentDictionary<string, ImmutableSortedSet<string>> _teams = new(StringComparer.Ordinal);

    // Bumped by every invalidation: a read that started before one must not put what it read into the cache.
    private long _epoch;

    // The last commit of each stream queued with a pending state: a write that finds no cached state waits for it before
    // reading the store, so it never decides on a stored state that commits still in the writer's queue will move on.
    private readonly ConcurrentDictionary<StreamId, QueuedAppend> _lastQueued = new();

    /// <summary>A cached state and, once a write was refused, the version the stream had moved to.</summary>
    /// <param name="Snapshot">The state as this process wrote or read it.</param>
    /// <param name="MovedTo">The stream's version at the refusal, or null while the state is believed current.</param>
    /// <param name="Pending">The queued commit that leads to this state while it may still fail (early lock release), else null.</param>
    public sealed record Entry(Snapshot Snapshot, long? MovedTo, QueuedAppend? Pending = null)
    {
        /// <summary>Whether a read may be served this state: believed current and durable.</summary>
        public bool Readable => MovedTo is null && Pending?.Durable is null or { IsCompletedSuccessfully: true, Result.Duplicate: false };

        /// <summary>When the stream's state was last written or read here (kept across <c>with</c>).</summary>
        internal LeastUsed.Stamp Used { get; init; } = null!;
    }

    /// <summary>Streams held now.</summary>
    public int Count => _states.Count;

    /// <summary>The invalidation count a read takes before it reads the store and gives back to <see cref="RememberRead"/>.</summary>
    public long Epoch => Interlocked.Read(ref _epoch);

    /// <summary>The cached entry of a stream, or null.</summary>
    public Entry? Get(StreamId stream) => _states.TryGetValue(stream, out var e) ? Used(e) : null;

    /// <summary>The state a read may be served, or null (not cached, moved on, or its commit not yet durable).</summary>
    public Snapshot? Readable(StreamId stream) => _states.TryGetValue(stream, out var e) && e.Readable ? Used(e).Snapshot : null;

    private Entry Used(Entry entry)
    {
        _uses.Use(entry.Used);
        return entry;
    }

    /// <summary>Remembers the state a successful append (or a catch-up) led to, or with <paramref name="pending"/> the state a
    /// commit still on its way leads to (dropped by <see cref="Forget"/> if that commit does not land).</summary>
    public void Remember(StreamId stream, Snapshot snapshot, QueuedAppend? pending = null)
    {
        Bound();
        var entry = new Entry(snapshot, null, pending) { Used = _uses.Now() };
        _states.AddOrUpdate(stream, entry, (_, old) => old.Snapshot.Version > snapshot.Version ? old : entry);
        if (pending is not null) _lastQueued[stream] = pending;
        if (_teams.TryGetValue(stream.Team, out var slugs) && !slugs.Contains(stream.Expert))
            _teams.TryUpdate(stream.Team, slugs.Add(stream.Expert), slugs);
    }

    /// <summary>Remembers a state read from the store, unless something was invalidated since the read began at <paramref name="epoch"/>.</summary>
    public void RememberRead(StreamId stream, Snapshot snapshot, long epoch)
    {
        if (Epoch != epoch) return;
        Bound();
        var entry = new Entry(snapshot, null) { Used = _uses.Now() };
        _states.AddOrUpdate(stream, entry, (_, old) => old.Snapshot.Version >= snapshot.Version ? old : entry);
    }

    /// <summary>The experts of a team when every one's state was read into the cache (<see cref="RememberTeam"/>), else null.</summary>
    public IReadOnlyCollection<string>? TeamSlugs(string team) => _teams.TryGetValue(team, out var slugs) ? slugs : null;

    /// <summary>Notes a team's experts as listed by a read begun at <paramref name="epoch"/>.</summary>
    public void RememberTeam(string team, IEnumerable<string> slugs, long epoch)
    {
        if (Epoch == epoch) _teams.TryAdd(team, ImmutableSortedSet.CreateRange(StringComparer.Ordinal, slugs));
    }

    /// <summary>Drops every state (the projections were rebuilt).</summary>
    public void DropAll()
    {
        Interlocked.Increment(ref _epoch);
        _states.Clear();
        _teams.Clear();
    }

    // Past the bound, the states used least recently go, and with them the listing of their teams.
    private void Bound()
    {
        if (_states.Count < capacity) return;
        Interlocked.Increment(ref _epoch);
        foreach (var stream in _uses.Trim(_states, capacity, e => e.Used)) _teams.TryRemove(stream.Team, out _);
    }

    // An expert this cache has not listed in its team's set: the set is no longer the whole team.
    private void Invalidated(StreamId stream)
    {
        Interlocked.Increment(ref _epoch);
        if (_teams.TryGetValue(stream.Team, out var slugs) && !slugs.Contains(stream.Expert)) _teams.TryRemove(stream.Team, out _);
    }

    /// <summary>Reads a stream from the store once the commits this process queued on it have settled (landed or not):
    /// the writer applies them in queue order, so the stored state is then the one the next commit follows.</summary>
    private async Task<Snapshot?> LoadSettledAsync(IEventStore store, StreamId stream, CancellationToken ct)
    {
        if (_lastQueued.TryGetValue(stream, out var last))
        {
            try { await last.Durable.WaitAsync(ct); }
            catch (Exception) when (!ct.IsCancellationRequested) { /* refused or dropped: settled all the same */ }
            _lastQueued.TryRemove(new KeyValuePair<StreamId, QueuedAppend>(stream, last));
        }
        return await store.LoadAsync(stream, ct);
    }

    /// <summary>Notes that a write decided on the cached state was refused because the stream is at <paramref name="version"/>
    /// (or that a lease's grant said so); a stream more than <paramref name="most"/> events ahead is forgotten.</summary>
    public void MovedOn(StreamId stream, long version, long most = MaxCatchUp)
    {
        Invalidated(stream);
        if (!_states.TryGetValue(stream, out var old)) return;
        if (version <= old.Snapshot.Version || version - old.Snapshot.Version > most) _states.TryRemove(stream, out _);
        else _states.TryUpdate(stream, old with { MovedTo = version }, old);
    }

    /// <summary>Marks a pending state durable: the entry no longer holds its commit (nor the commit's prepared rows) alive.</summary>
    public void Settled(StreamId stream, QueuedAppend landed)
    {
        if (_states.TryGetValue(stream, out var entry) && ReferenceEquals(entry.Pending, landed)) _states.TryUpdate(stream, entry with { Pending = null }, entry);
    }

    /// <summary>Drops a stream's cached state.</summary>
    public void Forget(StreamId stream)
    {
        Invalidated(stream);
        _states.TryRemove(stream, out _);
    }

    /// <summary>
    /// The state a write decides on: this cache's entry when present, else the store. A stale cached state cannot
    /// slip through: its version no longer matches, the append is refused and the retry reads the stream again.
    /// </summary>
    public async Task<Snapshot?> LoadForWriteAsync(IEventStore store, StreamId stream, StreamLocks.Turn turn, CancellationToken ct)
    {
        if (turn.TakeGrantMissed() is { } missedByStream) CatchUpAll(missedByStream);
        // Under a lease the store said where the stream stands: a cached state another server moved on from is caught up now, not refused later.
        if (turn.VersionAt(stream) is { } now && Get(stream) is { MovedTo: null } cached && cached.Snapshot.Version != now)
            MovedOn(stream, now, turn.Missed(stream) is null ? MaxCatchUp : FoldableMissed(cached.Snapshot.State));
        switch (Get(stream))
        {
            case null:
                return await LoadSettledAsync(store, stream, ct);
            case { MovedTo: null } current:
                // A state a queued commit leads to: what this turn decides stands on that commit landing.
                if (current.Pending is { } pending && pending.Durable is not { IsCompletedSuccessfully: true, Result.Duplicate: false })
                    turn.DecidesOn(stream, current.Snapshot.Version, pending);
                return current.Snapshot;
            case { Snapshot: var behind, MovedTo: var movedTo } when turn.Missed(stream) is { } missed && CatchUp(behind, missed, movedTo.Value) is { } caught:
                // The lease's grant brought what the other writer appended: nothing to read.
                Remember(stream, caught);
                return caught;
            case { Snapshot: var behind }:
                // Another writer moved the stream on by a few events: fold just those onto the cached state.
                var state = behind.State;
                var version = behind.Version;
                await foreach (var e in store.ReadStreamAfterAsync(stream, version, ct))
                {
                    if (e.Version != version + 1)
                    {
                        Forget(stream);
                        return await LoadSettledAsync(store, stream, ct);
                    }
                    state = ExpertState.Evolve(state, e.Event);
                    version = e.Version;
                }
                var caughtUp = new Snapshot(state, version);
                Remember(stream, caughtUp);
                return caughtUp;
        }
    }

    /// <summary>
    /// Folds what a lease's grant brought onto every state cached of its streams, not only the ones written now: the next
    /// grant brings only what other writers append after this one, so a state left behind now could then be caught up
    /// only by reading the stream (or the whole expert), as a server back after a while without writing found. A state
    /// the events do not follow on from is left to <see cref="LoadForWriteAsync"/>.
    /// </summary>
    private void CatchUpAll(IEnumerable<IReadOnlyList<StoredEvent>> missedByStream)
    {
        foreach (var events in missedByStream)
        {
            if (events.Count == 0 || !_states.TryGetValue(events[0].Stream, out var cached)) continue;
            var behind = events[^1].Version - cached.Snapshot.Version;
            if (behind > 0 && behind <= FoldableMissed(cached.Snapshot.State) && SnapshotFold.FoldOn(cached.Snapshot, events) is { } caught)
                Remember(events[0].Stream, caught);
        }
    }

    /// <summary>
    /// Most events a lease's grant brought (already read and deserialized) that are folded onto a cached state rather than
    /// the state loaded: a load reads and deserializes the whole state and folds up to its snapshot interval of events
    /// read again after it, so folding four intervals is still no dearer (bench/http-postgres.sh, 2026-12-06: a load of
    /// a bench expert, a 290 KB snapshot, took as long as folding about 6,000 events; its interval was 512–1,024). A
    /// server's turn on a busy expert moves it on by more than <see cref="MaxCatchUp"/>, 12 s of the other server by
    /// about 700 events.
    /// </summary>
    private static long FoldableMissed(ExpertState state) => Math.Max(MaxCatchUp, 4 * SnapshotPolicy.IntervalFor(state));

    /// <summary>The cached state with the events after it folded on, when they follow on from it without a gap and end at
    /// <paramref name="target"/>; else null (the caller reads the stream instead).</summary>
    private static Snapshot? CatchUp(Snapshot behind, IReadOnlyList<StoredEvent> events, long target) =>
        SnapshotFold.FoldOn(behind, events) is { } caught && caught.Version == target ? caught : null;

    /// <summary>The states writes to these experts of a team decide on (<see cref="LoadForWriteAsync"/>); experts not found are left out.</summary>
    public async Task<IReadOnlyList<Snapshot>> LoadAllForWriteAsync(IEventStore store, string team, IEnumerable<string> slugs, StreamLocks.Turn turn, CancellationToken ct)
    {
        var found = new List<Snapshot>();
        foreach (var slug in slugs.Distinct())
            if (await LoadForWriteAsync(store, new StreamId(team, slug), turn, ct) is { } snapshot) found.Add(snapshot);
        return found;
    }
}
