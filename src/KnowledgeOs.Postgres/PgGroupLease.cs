using System.Diagnostics;
using KnowledgeOs.Storage;
using Npgsql;

namespace KnowledgeOs.Postgres;

/// <summary>
/// One lock group's writer lease in this process (some experts of one team, see <see cref="PgGroupLeases"/>): at most
/// one grant at a time, shared by every write of the group while held, and a watcher per grant that decides when to let it go.
/// </summary>
internal sealed class PgGroupLease(PgGroupLeases leases, string team, int group)
{
    private readonly string _key = PgGroupLeases.Key(team, group);
    private readonly SemaphoreSlim _granting = new(1, 1);
    private volatile Grant? _held;
    private long _lastUsed = Stopwatch.GetTimestamp();

    // The store's head when this process last let the group go after holding it to the end (null before that, or after
    // a lost lock): every event of the group's streams after it was written by another server.
    private long? _since;

    // What the last hand-over of the group cost this process, in Stopwatch ticks: from the grant to the end of its first
    // write (the catch-up, the first decisions, the first commit), and from the decision to let go to the unlock (the
    // writes in flight, the release); the other server waits meanwhile. The next turn is made long enough that handing
    // over stays a small part of it (SliceFor).
    private long _handOver;

    // When another server asked for the group while no grant was held here (a Stopwatch timestamp; 0: none).
    private long _askedAt;

    /// <summary>When a write of the group last ended (a <see cref="Stopwatch"/> timestamp).</summary>
    public long LastUsed => Interlocked.Read(ref _lastUsed);

    /// <summary>Held, and no write is using it.</summary>
    public bool IsIdle => _held is { } grant && grant.IsIdle;

    /// <summary>Holds a grant of the group's lock now, which another server has asked for.</summary>
    public bool IsAskedFor => _held is { } grant && grant.IsWanted;

    /// <summary>Holds a grant of the group's lock now.</summary>
    public bool IsHeld => _held is not null;

    /// <summary>Asks the current grant to go at its next check when idle, else once its slice is used (another group
    /// needs the connection).</summary>
    public void AskToRelease() => _held?.AskToRelease();

    /// <summary>Another server asked for the group (it waits for the lock): the grant held goes as soon as it is unused
    /// for <see cref="PostgresStoreOptions.LeaseGap"/> or its slice is used, without waiting for its next check.</summary>
    public void Wanted()
    {
        if (_held is { } held)
        {
            held.Want();
            return;
        }
        // Asked just before this process's grant is in place (the other server was refused the lock that this one has
        // just been given): the grant takes the request when it starts, or takes it here if it started meanwhile.
        Interlocked.Exchange(ref _askedAt, Stopwatch.GetTimestamp());
        if (_held is { } started) TakeAsk(started);
    }

    /// <summary>Gives a grant the request for the group that came before it, unless it is older than a slice could be.</summary>
    private void TakeAsk(Grant grant)
    {
        var askedAt = Interlocked.Exchange(ref _askedAt, 0);
        if (askedAt != 0 && Stopwatch.GetElapsedTime(askedAt) < leases.Options.LeaseSliceMax) grant.Want();
    }

    /// <summary>The grant held looks at once whether another server waits (a request may have gone unheard).</summary>
    public void CheckNow() => _held?.Nudge();

    /// <summary>Completes once no grant is held (after the store began closing).</summary>
    public Task ReleasedAsync() => _held?.Released.Task ?? Task.CompletedTask;

    /// <summary>A turn for one write of the group's streams: joins the held grant, or waits for the group's lock.</summary>
    public async Task<IStreamLease> EnterAsync(IReadOnlyList<StreamId> streams, CancellationToken ct)
    {
        while (true)
        {
            var held = _held;
            if (held is not null)
            {
                if (held.TryEnter(streams, this) is { } turn) return turn;
                // Being handed over: wait until it is gone, then queue for the lock again (behind the other server).
                await held.Released.Task.WaitAsync(ct);
                continue;
            }
            await _granting.WaitAsync(ct);
            try
            {
                if (_held is null)
                {
                    leases.Stopping.ThrowIfCancellationRequested();
                    var (db, versions, missed) = await leases.GrantAsync(team, group, _since, ct);
                    var grant = new Grant(db, versions, missed, SliceFor(TimeSpan.FromTicks(Interlocked.Read(ref _handOver)), leases.Options),
                        keep: leases.Holders.Advertised is not null);
                    _held = grant;
                    TakeAsk(grant);
                    _ = Task.Run(() => WatchAsync(grant), CancellationToken.None);
                }
            }
            finally
            {
                _granting.Release();
            }
        }
    }

    /// <summary>
    /// The turn a grant keeps the lease for once another server waits: nine times what the last hand-over cost (so a
    /// hand-over is at most a tenth of a turn and the next), within <see cref="PostgresStoreOptions.LeaseSlice"/> and
    /// <see cref="PostgresStoreOptions.LeaseSliceMax"/>. A hand-over costs round trips, a commit and the catch-up, all
    /// slower on a loaded machine, where a fixed slice would make two servers spend more of their time handing over.
    /// </summary>
    internal static TimeSpan SliceFor(TimeSpan handOver, PostgresStoreOptions options)
    {
        var longest = options.LeaseSliceMax > options.LeaseSlice ? options.LeaseSliceMax : options.LeaseSlice;
        var slice = handOver * 9;
        return slice < options.LeaseSlice ? options.LeaseSlice : slice > longest ? longest : slice;
    }

    /// <summary>Notes the end of a write of the group.</summary>
    private void Used() => Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());

    /// <summary>
    /// Watches the grant until it should go, then lets the writes in flight finish and unlocks. At least every
    /// <see cref="PostgresStoreOptions.LeaseCheck"/> it looks in <c>pg_locks</c> whether another server waits (one round
    /// trip that also proves the connection, and so the lock, alive); once asked (<see cref="Wanted"/>), it also wakes when
    /// the grant may go: at the end of its slice, or when unused for <see cref="PostgresStoreOptions.LeaseGap"/>. Asked
    /// or not, the proof is never skipped for longer than a check: a lease connection killed meanwhile lost the lock, the
    /// other server may write the group at once, and writes must not go on deciding under the lost grant for the rest
    /// of its slice (they did, with the lease connections killed again and again, until a write gave up after its retries).
    /// </summary>
    private async Task WatchAsync(Grant grant)
    {
        var options = leases.Options;
        var unlocked = false;
        try
        {
            var proved = grant.GrantedAt;
            while (true)
            {
                await grant.NextCheckAsync(options, leases.Stopping);
                var othersWait = grant.IsWanted;
                if (!othersWait || Stopwatch.GetElapsedTime(proved) >= options.LeaseCheck)
                {
                    othersWait = await PgLeaseSql.OthersWaitAsync(grant.Db, leases.Schema, _key, leases.Stopping) || grant.IsWanted;
                    proved = Stopwatch.GetTimestamp();
                }
                if (grant.TryDrain(othersWait, options)) break;
            }
            var closing = Stopwatch.GetTimestamp();
            await grant.Drained.Task.WaitAsync(leases.Stopping);
            // The head read just before the unlock, the lock still held, so no other server has written the group's
            // streams since: what they get after this mark is what a later grant must bring to this process's cached states.
            _since = await PgLeaseSql.UnlockAsync(grant.Db, leases.Schema, _key, leases.Holders.Advertised, leases.Stopping);
            leases.CountTrip();
            unlocked = true;
            var handOver = grant.StartUp + Stopwatch.GetElapsedTime(closing);
            Interlocked.Exchange(ref _handOver, handOver.Ticks);
        }
        catch (Exception ex) when (ex is NpgsqlException or IOException or TimeoutException or OperationCanceledException or InvalidOperationException)
        {
            // The connection is gone (and the lock with it), or the store is closing: drop the grant; the next write
            // takes the lease afresh, and a write made on the lost lease meanwhile is still checked by version.
        }
        finally
        {
            if (!unlocked) _since = null;
            grant.Close();
            _held = null;
            if (unlocked) await grant.Db.DisposeAsync();
            else await PgLeaseSql.AbandonAsync(grant.Db);
            leases.ReturnSlot();
            grant.Released.TrySetResult();
        }
    }

    /// <summary>
    /// One grant of the group's lock: its connection, the versions read with it, and the writes using it. Kept
    /// (<paramref name="keep"/>: this process advertises an address, so other servers forward the group's writes here),
    /// it is not let go for being unused: it goes when another server asks for it, another group needs its connection,
    /// its connection is lost or the store closes. Letting it go after <see cref="PostgresStoreOptions.LeaseIdle"/> made
    /// writes coming back through several servers at once find no holder to forward to, all take the lease path, and
    /// hand it over one to three times before the forward settled. Unused for that long, it is checked only every
    /// <see cref="PostgresStoreOptions.LeaseIdle"/> (an ask is heard at once on the lease channel anyway), and the first
    /// write joining it again wakes the check, which proves the connection alive.
    /// </summary>
    private sealed class Grant(NpgsqlConnection db, Dictionary<string, long> versions, Dictionary<StreamId, List<StoredEvent>>? missed, TimeSpan slice, bool keep)
    {
        private readonly Lock _sync = new();
        private readonly long _grantedAt = Stopwatch.GetTimestamp();
        private long _firstEnded;
        private readonly HashSet<string> _told = new(StringComparer.Ordinal);
        private int _active;
        private long _lastEnded = Stopwatch.GetTimestamp();
        private bool _closing;
        private volatile bool _askedToGo;
        private bool _wanted;
        private int _missedTaken;

        // Kept unused: the watcher sleeps for LeaseIdle between checks, until a write joins or an ask wakes it.
        private bool _resting;

        // Released (at most once until taken) to wake the watcher before its next check; released only under _sync.
        private readonly SemaphoreSlim _nudge = new(0, 1);

        public NpgsqlConnection Db => db;

        /// <summary>When the lock was granted (a <see cref="Stopwatch"/> timestamp).</summary>
        public long GrantedAt => _grantedAt;

        /// <summary>From the grant to the end of its first write: the catch-up, the first decisions and the first commit.</summary>
        public TimeSpan StartUp
        {
            get
            {
                lock (_sync) return _firstEnded == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_grantedAt, _firstEnded);
            }
        }

        /// <summary>Completes when the lock is released (or lost).</summary>
        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when, after the grant began to close, the last write using it ended.</summary>
        public TaskCompletionSource Drained { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsIdle
        {
            get
            {
                lock (_sync) return !_closing && _active == 0;
            }
        }

        public void AskToRelease()
        {
            _askedToGo = true;
            Nudge();
        }

        /// <summary>Another server asked for the group.</summary>
        public bool IsWanted
        {
            get
            {
                lock (_sync) return _wanted;
            }
        }

        /// <summary>Notes that another server asked for the group and wakes the watcher.</summary>
        public void Want()
        {
            lock (_sync)
            {
                _wanted = true;
                NudgeLocked();
            }
        }

        /// <summary>Wakes the watcher now.</summary>
        public void Nudge()
        {
            lock (_sync) NudgeLocked();
        }

        private void NudgeLocked()
        {
            if (_nudge.CurrentCount == 0) _nudge.Release();
        }

        /// <summary>
        /// Waits until the watcher should look again: woken, or after <see cref="PostgresStoreOptions.LeaseCheck"/>, or,
        /// when another server asked, once the slice is used or the grant has been unused for <see cref="PostgresStoreOptions.LeaseGap"/>.
        /// </summary>
        public async Task NextCheckAsync(PostgresStoreOptions options, CancellationToken ct)
        {
            TimeSpan wait;
            lock (_sync)
            {
                wait = options.LeaseCheck;
                _resting = keep && !_wanted && !_askedToGo && _active == 0 && Stopwatch.GetElapsedTime(_lastEnded) >= options.LeaseIdle;
                if (_resting) wait = options.LeaseIdle;
                if (_wanted)
                {
                    var now = Stopwatch.GetTimestamp();
                    var left = slice - Stopwatch.GetElapsedTime(_grantedAt, now);
                    if (_active == 0 && options.LeaseGap - Stopwatch.GetElapsedTime(_lastEnded, now) is var gap && gap < left) left = gap;
                    if (left < wait) wait = left < TimeSpan.Zero ? TimeSpan.Zero : left;
                }
            }
            await _nudge.WaitAsync(wait, ct);
        }

        /// <summary>
        /// A turn on this grant, or null when it is closing. Each stream's version as read at the grant is told to the
        /// first write of it only: later writes of this process follow their own appends, which the cache knows.
        /// </summary>
        public Turn? TryEnter(IReadOnlyList<StreamId> streams, PgGroupLease lease)
        {
            lock (_sync)
            {
                if (_closing) return null;
                _active++;
                if (_resting)
                {
                    _resting = false;
                    NudgeLocked();
                }
                Dictionary<StreamId, long>? news = null;
                foreach (var stream in streams)
                {
                    var key = stream.ToString();
                    if (_told.Add(key)) (news ??= [])[stream] = versions.GetValueOrDefault(key);
                }
                return new Turn(this, lease, news);
            }
        }

        /// <summary>The stream's events other servers wrote since this process last held the group, when read.</summary>
        public IReadOnlyList<StoredEvent>? Missed(StreamId stream) =>
            missed is null ? null : missed.TryGetValue(stream, out var events) ? events : [];

        /// <summary>Every stream's missed events, once per grant.</summary>
        public IEnumerable<IReadOnlyList<StoredEvent>>? TakeMissed() =>
            missed is not null && Interlocked.Exchange(ref _missedTaken, 1) == 0 ? missed.Values : null;

        /// <summary>
        /// Starts closing when the grant should go: unused for <see cref="PostgresStoreOptions.LeaseIdle"/> (unless kept); or wanted
        /// (another server waits, or another group needs the connection) and either unused for <see cref="PostgresStoreOptions.LeaseGap"/>
        /// or held for its slice (<see cref="SliceFor"/>). Returns whether it is closing.
        /// </summary>
        public bool TryDrain(bool othersWait, PostgresStoreOptions options)
        {
            lock (_sync)
            {
                var now = Stopwatch.GetTimestamp();
                var unused = _active == 0 ? Stopwatch.GetElapsedTime(_lastEnded, now) : TimeSpan.Zero;
                var wanted = othersWait || _askedToGo;
                var go = (unused >= options.LeaseIdle && !keep)
                    || (wanted && (unused >= options.LeaseGap || Stopwatch.GetElapsedTime(_grantedAt, now) >= slice));
                if (!go) return false;
                _closing = true;
                if (_active == 0) Drained.TrySetResult();
                return true;
            }
        }

        /// <summary>No new write joins any more (the lock is being released or was lost).</summary>
        public void Close()
        {
            lock (_sync) _closing = true;
        }

        public void Leave()
        {
            lock (_sync)
            {
                _active--;
                _lastEnded = Stopwatch.GetTimestamp();
                if (_firstEnded == 0) _firstEnded = _lastEnded;
                if (_closing && _active == 0) Drained.TrySetResult();
                // Asked for and now unused: the watcher times the gap from here.
                else if (_wanted && _active == 0) NudgeLocked();
            }
        }
    }

    /// <summary>One write's turn on a grant.</summary>
    private sealed class Turn(Grant grant, PgGroupLease lease, Dictionary<StreamId, long>? news) : IStreamLease
    {
        private int _left;

        public long? VersionAt(StreamId stream) => news is not null && news.TryGetValue(stream, out var v) ? v : null;

        public IReadOnlyList<StoredEvent>? Missed(StreamId stream) => grant.Missed(stream);

        public IEnumerable<IReadOnlyList<StoredEvent>>? TakeGrantMissed() => grant.TakeMissed();

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                grant.Leave();
                lease.Used();
            }
            return ValueTask.CompletedTask;
        }
    }
}
