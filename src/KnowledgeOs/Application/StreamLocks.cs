using System.Collections.Concurrent;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Application;

/// <summary>
/// Queueing of writers per stream: in-process first, then across processes through the store's lease
/// (<see cref="IEventStore.LeaseAsync"/>: on PostgreSQL a writer lease per expert lock group — the team by default —, held across many writes). Correctness never depends on it — the
/// store's expected-version check does that — but writers that touch the same expert would otherwise race, lose,
/// back off and retry; queued, they simply take turns and still share the store's group commit with writers of
/// other experts. The in-process turn comes first, so a process holds at most one lease per stream.
/// A turn may pass on before its write is durable (<see cref="Turn.PassOnEarly"/>, early lock release): once the store has
/// queued the commit in order and no lease holds the streams in the database.
/// </summary>
public sealed class StreamLocks(IEventStore store)
{
    private readonly ConcurrentDictionary<StreamId, SemaphoreSlim> _locks = new();

    /// <summary>Waits for every stream, in one global order so two writers can never wait on each other.</summary>
    public async Task<Turn> AcquireAsync(IEnumerable<StreamId> streams, CancellationToken ct)
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
            return new Turn(held, lease);
        }
        catch
        {
            await new Turn(held, NoLease.Instance).DisposeAsync();
            throw;
        }
    }

    /// <summary>A writer's turn on its streams: this process's gates and the store's lease; disposing ends both.</summary>
    public sealed class Turn : IStreamLease
    {
        private readonly List<SemaphoreSlim> _held;
        private readonly IStreamLease _lease;
        private List<(StreamId Stream, long Version, QueuedAppend Commit)>? _standsOn;
        private int _passed;

        internal Turn(List<SemaphoreSlim> held, IStreamLease lease)
        {
            _held = held;
            _lease = lease;
        }

        /// <summary>
        /// Whether the turn may pass on before the write is durable: only when no lease holds the streams in the database,
        /// since a lease is given back only after durability and the next writer of this process would wait on it anyway.
        /// </summary>
        public bool MayPassOnEarly => _lease is NoLease;

        /// <inheritdoc/>
        public long? VersionAt(StreamId stream) => _lease.VersionAt(stream);

        /// <inheritdoc/>
        public IReadOnlyList<StoredEvent>? Missed(StreamId stream) => _lease.Missed(stream);

        /// <inheritdoc/>
        public IEnumerable<IReadOnlyList<StoredEvent>>? TakeGrantMissed() => _lease.TakeGrantMissed();

        /// <summary>Lets the next writer of these streams in this process go on while this one waits for durability.</summary>
        public void PassOnEarly()
        {
            if (!MayPassOnEarly) throw new InvalidOperationException("A turn under a lease passes on only once its write is durable.");
            Release();
        }

        /// <summary>
        /// Hands over the queued commits, still on their way, whose states this turn's decisions were made on, for the turn's
        /// commit to be queued as standing on them: the store then checks they landed (that commit lands only if they did; a
        /// refusal by its key or a duplicate is a fact about the key whatever they became), so the turn no longer waits for them.
        /// </summary>
        public IReadOnlyList<QueuedAppend> TakeStandsOn()
        {
            var taken = _standsOn is null ? [] : _standsOn.Select(s => s.Commit).ToList();
            _standsOn = null;
            return taken;
        }

        /// <summary>Notes that a decision under this turn reads <paramref name="stream"/> at <paramref name="version"/>, the state a
        /// queued commit not yet durable leads to: a commit of this turn is queued as standing on it, and the turn ends only once it landed.</summary>
        public void DecidesOn(StreamId stream, long version, QueuedAppend commit) => (_standsOn ??= []).Add((stream, version, commit));

        /// <summary>
        /// Ends the turn: the lease, then this process's gates. Then, when its decisions read states of commits still on their
        /// way, waits until those are durable, so that no answer (not even "nothing to do") rests on a state that never lands:
        /// one that did not land (refused, a duplicate, dropped) refuses the write (<see cref="StoodOnNotLandedException"/>),
        /// which <see cref="ConflictRetry"/> runs again on the stored state without counting it as a lost race.
        /// </summary>
        public async ValueTask DisposeAsync()
        {
            try
            {
                // The lease goes first: the next writer of this process then finds the streams free in the database too.
                await _lease.DisposeAsync();
            }
            finally
            {
                Release();
            }
            if (_standsOn is null) return;
            foreach (var (stream, version, commit) in _standsOn)
            {
                if (await NotLandedAsync(commit) is { } why) throw new StoodOnNotLandedException(stream, version, why);
            }
        }

        /// <summary>Waits for a queued commit to be settled: null when it landed, else why it did not (its refusal, or
        /// <see cref="DuplicateNotLanded"/> when the store found its key already written).</summary>
        internal static async Task<Exception?> NotLandedAsync(QueuedAppend commit)
        {
            try
            {
                return (await commit.Durable).Duplicate ? DuplicateNotLanded : null;
            }
            catch (Exception refused)
            {
                // Refused, failed with its batch, or dropped because its caller gave up: it did not land.
                return refused;
            }
        }

        private static readonly Exception DuplicateNotLanded = new InvalidOperationException("Its idempotency key had already been written: it added nothing.");

        private void Release()
        {
            if (Interlocked.Exchange(ref _passed, 1) != 0) return;
            foreach (var gate in _held) gate.Release();
        }
    }
}
