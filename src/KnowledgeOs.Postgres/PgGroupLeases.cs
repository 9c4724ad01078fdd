using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using KnowledgeOs.Storage;
using Npgsql;

namespace KnowledgeOs.Postgres;

/// <summary>
/// Write affinity between servers on one database: a writer lease per <b>lock group</b> of a team's experts, held across
/// many writes. An expert belongs to group <c>FNV-1a(slug) mod</c> <see cref="PostgresStoreOptions.LeaseGroups"/> of its
/// team (the same on every server; 1 by default, one lease per team, as measured best when every server writes every
/// expert), so with more groups servers writing different groups of one team hold their locks at once, while two
/// servers on the same expert still take turns. The lease is a session-level
/// <c>pg_advisory_lock(hashtext(schema), hashtext(team '#' group))</c> on a connection of its own (application name
/// <c>kos-lease</c>, from a pool of <see cref="PostgresStoreOptions.MaxLeases"/>), taken by the first write of the
/// group and read in the same round trip with where the team's streams stand and what other servers wrote since this
/// one let the group go, so states this server cached are caught up once per grant without a read of their own
/// (<see cref="IStreamLease.VersionAt"/>, <see cref="IStreamLease.Missed"/>, used by the write cache); letting go reads
/// the head for that mark in the unlock's round trip, so a hand-over costs each side one round trip. While it is held the group's
/// writes pay nothing for it: they run concurrently and share the group commit; the append's expected-version check
/// stays the safety net. A write spanning groups takes them one after another in key order, so servers never wait on
/// each other in a cycle.
/// <para>
/// Each held lease is watched (<see cref="PgGroupLease"/>) every <see cref="PostgresStoreOptions.LeaseCheck"/>: it is
/// released when no write of the group ran for <see cref="PostgresStoreOptions.LeaseIdle"/> (1 s, to outlast the gaps
/// between a busy server's batches; never, when this process advertises an address for forwarded writes), or, when another server waits for it (an ungranted request for its key in
/// <c>pg_locks</c>), as soon as a check finds it unused or once it was held for
/// <see cref="PostgresStoreOptions.LeaseSlice"/> — the writes in flight finish first, and the next ones queue behind
/// the other server in the database's lock queue, so two servers writing one expert take turns in slices. The unlock is
/// explicit (a pooled connection keeps its session, and its locks, until reused). The same check notices a lost
/// connection (which lost the lock): the lease is dropped and the next write takes it afresh; writes made meanwhile are
/// still guarded by the version check. More groups than connections: the least recently used idle lease is asked to go,
/// and a write that finds no lease within <see cref="PostgresStoreOptions.LeaseWait"/> fails with a message saying so.
/// </para>
/// </summary>
internal sealed class PgGroupLeases : IAsyncDisposable
{
    private readonly NpgsqlDataSource _source;
    private readonly NpgsqlDataSource _listenSource;
    private readonly string _token = Guid.NewGuid().ToString("N");
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<string, PgGroupLease> _groups = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private long _grants;
    private long _handOverTrips;
    private long _asks;
    private readonly Lock _listenStart = new();
    private Task? _listening;
    private readonly TaskCompletionSource _listens = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PgGroupLeases(NpgsqlDataSource storeSource, string connectionString, string schema, string where, PostgresStoreOptions options)
    {
        var builder = PgConnections.Settings(connectionString, schema);
        builder.MaxPoolSize = options.MaxLeases;
        builder.ApplicationName = "kos-lease";
        // Waiting for a lease other servers hold is bounded by LeaseWait, not by the store's 30 s statement limit.
        builder.CommandTimeout = Math.Max(1, (int)Math.Ceiling(options.LeaseWait.TotalSeconds));
        _source = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
        // The connection hearing other servers ask for the leases this one holds: of its own, never taking a lease's slot.
        _listenSource = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(builder.ConnectionString) { MaxPoolSize = 1 }.ConnectionString).Build();
        _slots = new SemaphoreSlim(options.MaxLeases, options.MaxLeases);
        Schema = schema;
        Where = where;
        Options = options;
        Holders = new PgLeaseHolders(storeSource, schema, _token);
    }

    /// <summary>Where other processes holding leases take forwarded writes, and whether this one advertises an address.</summary>
    public PgLeaseHolders Holders { get; }

    /// <summary>
    /// Most events a grant reads of what other servers wrote; beyond it, each stream is caught up on its own (an expert
    /// behind by more than <see cref="KnowledgeOs.Application.StateCache.MaxCatchUp"/> is read whole). As many as a
    /// server back after some seconds without writing missed: 12 s of the other server in bench/http-postgres.sh are
    /// 40,000–90,000 events (about 135 bytes of JSON each), where 10,000 made it read every expert again, each a
    /// snapshot of about 290 KB and up to its interval of events.
    /// </summary>
    public const int MaxMissed = 100_000;

    /// <summary>The schema whose experts are leased (the first half of every lock key).</summary>
    public string Schema { get; }

    /// <summary>Host, port and database, for messages.</summary>
    public string Where { get; }

    /// <summary>The lease timings.</summary>
    public PostgresStoreOptions Options { get; }

    /// <summary>Leases granted by the database so far (each one a lock round trip): few for one busy writer.</summary>
    public long Grants => Interlocked.Read(ref _grants);

    /// <summary>Requests of other servers for a lock group this process knows, heard on the lease channel.</summary>
    public long Asks => Interlocked.Read(ref _asks);

    /// <summary>Lock groups whose lease this process holds now (or believes it holds, until its watcher finds it lost).</summary>
    public int Held => _groups.Values.Count(l => l.IsHeld);

    /// <summary>Round trips this process made to take and to let go of leases (grants, catch-up reads, releases), the
    /// checks of held leases not counted: the database work of a hand-over between servers.</summary>
    public long HandOverTrips => Interlocked.Read(ref _handOverTrips);

    /// <summary>Counts one round trip of a grant or a release (<see cref="HandOverTrips"/>).</summary>
    internal void CountTrip() => Interlocked.Increment(ref _handOverTrips);

    /// <summary>Cancelled when the store closes: every watcher stops and releases its lease.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Holds the lock groups of <paramref name="streams"/> (in key order, so servers never wait on each other
    /// in a cycle) for one write; the returned turn says where each stream stood when its group's lease was granted.</summary>
    public async Task<IStreamLease> AcquireAsync(IReadOnlyList<StreamId> streams, CancellationToken ct)
    {
        if (streams.Count == 0) return NoLease.Instance;
        var turns = new List<IStreamLease>();
        try
        {
            foreach (var group in streams.GroupBy(s => (s.Team, Group: GroupOf(s.Expert, Options.LeaseGroups))).OrderBy(g => Key(g.Key.Team, g.Key.Group), StringComparer.Ordinal))
            {
                var (team, number) = group.Key;
                var lease = _groups.GetOrAdd(Key(team, number), _ => new PgGroupLease(this, team, number));
                turns.Add(await lease.EnterAsync([.. group], ct));
            }
        }
        catch
        {
            foreach (var turn in turns) await turn.DisposeAsync();
            throw;
        }
        return turns.Count == 1 ? turns[0] : new Turns(turns);
    }

    /// <summary>
    /// The address to forward a write of <paramref name="team"/> (of <paramref name="expert"/>, when known) to: its lock
    /// group's holder when another live process holds it and advertises one, and this process advertises too. Null means
    /// write here (taking the lease as always): not advertising, the group held here or by nobody, or which group is
    /// unknown (several groups per team and no expert named). When another server waits for a group this process holds,
    /// a new write of it waits for the hand-over and goes to the new holder once that one's grant names it (for up to
    /// three changes of hands or a <see cref="PostgresStoreOptions.LeaseSlice"/> without one; then here): written here,
    /// it would queue behind that server and ask for the lease back, and two servers starting at once would hand it to
    /// and fro as without forwarding. A write another server forwarded here (<paramref name="forwarded"/>) is sent on
    /// only in that case, to the new holder: anywhere else it is written here.
    /// </summary>
    public async ValueTask<string?> HolderAsync(string team, string? expert, bool forwarded, CancellationToken ct)
    {
        if (Holders.Advertised is null || (expert is null && Options.LeaseGroups != 1)) return null;
        var key = Key(team, expert is null ? 0 : GroupOf(expert, Options.LeaseGroups));
        Listen();
        var held = _groups.TryGetValue(key, out var own) && own.IsHeld;
        if (!held && !forwarded) return await Holders.OfAsync(key, ct);
        if (!held || !own!.IsAskedFor) return null;
        var change = Holders.NextChange;
        await own.ReleasedAsync().WaitAsync(ct);
        for (var read = 1; ; read++)
        {
            var holder = await Holders.OfAsync(key, ct);
            if (holder is not null || read == 3) return holder;
            if (await Task.WhenAny(change, Task.Delay(Options.LeaseSlice, ct)) != change) return null;
            change = Holders.NextChange;
        }
    }

    /// <summary>The lock group of an expert among <paramref name="groups"/> of its team: FNV-1a of its slug's UTF-8 bytes,
    /// the same in every process and .NET version (unlike <see cref="string.GetHashCode()"/>).</summary>
    public static int GroupOf(string expert, int groups)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(expert)) hash = (hash ^ b) * 16777619u;
        return (int)(hash % (uint)groups);
    }

    /// <summary>A lock group's name, hashed into the second half of its lock key.</summary>
    public static string Key(string team, int group) => $"{team}#{group}";

    /// <summary>
    /// Takes a connection slot (asking the least recently used idle lease to go when none is free), opens a connection
    /// and waits there for the group's lock; returns the connection, the versions of the team's streams and, given
    /// <paramref name="since"/> (the head when this process last let the group go), the events of the group's streams
    /// appended after it, by stream — all read in the lock's own round trip. While this process did not hold the group
    /// only other servers wrote those streams, so these are exactly what its cached states missed. The events are null
    /// without such a mark, or when the team has more than <see cref="MaxMissed"/> events after it (its other groups'
    /// included): each stream is then caught up on its own.
    /// </summary>
    internal async Task<(NpgsqlConnection Db, Dictionary<string, long> Versions, Dictionary<StreamId, List<StoredEvent>>? Missed)> GrantAsync(
        string team, int group, long? since, CancellationToken ct)
    {
        await TakeSlotAsync(team, ct);
        await ListeningAsync(ct);
        var key = Key(team, group);
        var waitUntil = DateTime.UtcNow + Options.LeaseWait;
        for (var attempt = 1; ; attempt++)
        {
            NpgsqlConnection? db = null;
            try
            {
                db = await _source.OpenConnectionAsync(ct);
                // Free: taken at once. Held by another server: it is asked to let go, then waited for. Only the round trip
                // that gets the lock counts as a hand-over's: the other server holds the lock during the asking one.
                var (versions, events) = await PgLeaseSql.LockAsync(db, Schema, team, key, since, MaxMissed, (PgNotifications.LeaseChannel(Schema), $"{_token} {key}"), Holders.Advertised, ct)
                    ?? (await PgLeaseSql.LockAsync(db, Schema, team, key, since, MaxMissed, null, Holders.Advertised, ct))!.Value;
                CountTrip();
                Interlocked.Increment(ref _grants);
                return (db, versions, events is null ? null : OfGroup(events, group));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (db is not null) await PgLeaseSql.AbandonAsync(db);
                var timedOut = ex is NpgsqlException { InnerException: TimeoutException };
                // A lease connection killed or dropped while waiting: wait again on a new one. One terminated by an
                // administrator while it waited (57P01 on an open connection) is waited again for as long as LeaseWait
                // allows, however often it is killed; other transient faults (the server unreachable) up to MaxRetries times.
                var killedWhileWaiting = db is not null && ex is PostgresException { SqlState: "57P01" } && DateTime.UtcNow < waitUntil;
                if (!timedOut && PgErrors.IsTransient(ex) && (attempt <= Options.MaxRetries || killedWhileWaiting))
                {
                    await Task.Delay(Options.RetryDelay * Math.Min(attempt, Options.MaxRetries), ct);
                    continue;
                }
                _slots.Release();
                if (timedOut) throw WaitedOut(team, ex);
                throw;
            }
            catch
            {
                if (db is not null) await PgLeaseSql.AbandonAsync(db);
                _slots.Release();
                throw;
            }
        }
    }

    /// <summary>
    /// Waits until this process hears asks for its leases, so none is held unheard: an ask sent before the LISTEN is lost,
    /// and the look in <c>pg_locks</c> made when the listener connects can come before the asking server's wait shows
    /// there (CI failed so, the holder's checks set far apart: 'Waited 10 s ... for the write lease'). At most a
    /// <see cref="PostgresStoreOptions.LeaseCheck"/>: by then the lease's own check finds a waiting server anyway.
    /// </summary>
    private async Task ListeningAsync(CancellationToken ct)
    {
        Listen();
        if (_listens.Task.IsCompleted) return;
        var most = Options.LeaseCheck < Options.LeaseWait ? Options.LeaseCheck : Options.LeaseWait;
        try
        {
            await _listens.Task.WaitAsync(most, ct);
        }
        catch (TimeoutException)
        {
            // Not connected yet (the database restarting?): the checks cover the gap, as after a reconnect.
        }
    }

    /// <summary>Starts listening, once, for other servers asking for the leases this process holds.</summary>
    private void Listen()
    {
        if (Volatile.Read(ref _listening) is not null) return;
        lock (_listenStart)
        {
            _listening ??= Task.Run(() => PgNotifications.ListenAsync(_listenSource, PgNotifications.LeaseChannel(Schema), Asked, Stopping), CancellationToken.None);
        }
    }

    /// <summary>
    /// Another server asks for a lock group (payload: its token and the group's key), or, with null, the listener
    /// (re)connected and requests made meanwhile were not heard: every held lease then looks in <c>pg_locks</c> at once.
    /// A payload <c>+ key</c> says that group changed hands (<see cref="PgLeaseHolders"/>).
    /// </summary>
    private void Asked(string? payload)
    {
        if (payload is null)
        {
            _listens.TrySetResult();
            Holders.ForgetAll();
            foreach (var lease in _groups.Values) lease.CheckNow();
            return;
        }
        if (payload.StartsWith("+ ", StringComparison.Ordinal))
        {
            Holders.Forget(payload[2..]);
            return;
        }
        var space = payload.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0 || payload.AsSpan(0, space).SequenceEqual(_token)) return;
        if (!_groups.TryGetValue(payload[(space + 1)..], out var asked)) return;
        asked.Wanted();
        Interlocked.Increment(ref _asks);
    }

    /// <summary>The events of one lock group's streams among a team's, by stream (the read covers the whole team).</summary>
    private Dictionary<StreamId, List<StoredEvent>> OfGroup(List<StoredEvent> events, int group)
    {
        var missed = new Dictionary<StreamId, List<StoredEvent>>();
        foreach (var e in events)
        {
            if (GroupOf(e.Stream.Expert, Options.LeaseGroups) != group) continue;
            if (!missed.TryGetValue(e.Stream, out var ofStream)) missed[e.Stream] = ofStream = [];
            ofStream.Add(e);
        }
        return missed;
    }

    /// <summary>A write that waited its whole <see cref="PostgresStoreOptions.LeaseWait"/> for a lease another server holds.</summary>
    private StorageException WaitedOut(string team, Exception ex)
    {
        var seconds = Options.LeaseWait.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        return new StorageException($"Waited {seconds} s on {Where} for the write lease of team '{team}', which another server holds; " +
            "nothing was written, try again (is that server stuck? PostgresStoreOptions.LeaseWait).", ex).WithCode(ErrorCodes.LeaseWaitedOut, team, seconds);
    }

    /// <summary>Gives back the slot of a lease that ended (its connection is closed or back in the pool).</summary>
    internal void ReturnSlot() => _slots.Release();

    private async Task TakeSlotAsync(string team, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Options.LeaseWait;
        while (!await _slots.WaitAsync(Options.LeaseCheck, ct))
        {
            // Every slot holds a lease: the least recently used one goes at its next check if idle (else after its
            // slice), preferring one no write is using.
            var held = _groups.Values.Where(l => l.IsHeld).ToList();
            (held.Where(l => l.IsIdle).MinBy(l => l.LastUsed) ?? held.MinBy(l => l.LastUsed))?.AskToRelease();
            if (DateTime.UtcNow >= deadline)
                throw new StorageException($"No write lease free on {Where} for team '{team}' within {Options.LeaseWait.TotalSeconds:0.#} s: " +
                    $"all {Options.MaxLeases} are held by experts being written (raise MaxLeases, KOS_PG_MAX_LEASES).");
        }
    }

    /// <summary>Stops every watcher, releasing the leases, then closes the connections.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var lease in _groups.Values) await lease.ReleasedAsync();
        Task? listening;
        lock (_listenStart) listening = _listening;
        try
        {
            if (listening is not null) await listening;
        }
        catch (OperationCanceledException)
        {
            // Stopped while waiting to reconnect.
        }
        await _listenSource.DisposeAsync();
        await _source.DisposeAsync();
        _stopping.Dispose();
    }

    /// <summary>The turns of a write that spans teams.</summary>
    private sealed class Turns(List<IStreamLease> turns) : IStreamLease
    {
        public long? VersionAt(StreamId stream) => turns.Select(t => t.VersionAt(stream)).FirstOrDefault(v => v is not null);

        public IReadOnlyList<StoredEvent>? Missed(StreamId stream) => turns.Select(t => t.Missed(stream)).FirstOrDefault(m => m is not null);

        public IEnumerable<IReadOnlyList<StoredEvent>>? TakeGrantMissed() =>
            turns.Select(t => t.TakeGrantMissed()).Where(m => m is not null).SelectMany(m => m!).ToList() is { Count: > 0 } all ? all : null;

        public async ValueTask DisposeAsync()
        {
            foreach (var turn in turns) await turn.DisposeAsync();
        }
    }
}
