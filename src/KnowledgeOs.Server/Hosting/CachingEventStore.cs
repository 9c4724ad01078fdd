using KnowledgeOs.Application;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Server.Hosting;

/// <summary>
/// Serves the knowledge bases a server that owns its SQLite file has read or written from the process's one state cache
/// (<see cref="StateCache"/>, shared with <see cref="KnowledgeService"/>), so a read or a report costs no database query
/// and a write's new state is cached once. Fresh by the cache's one rule: this process's acknowledged appends carry the
/// exact new state (write-through, here too for writers that do not go through the service); writes by other processes
/// sharing the file (the CLI) are seen by <see cref="CatchUpAsync"/>, which the <see cref="CacheTail"/> runs every feed
/// poll interval, and a write decided on a stale entry is refused by the store's version check; both mark the entry
/// moved on, so reads go to the database and the next write catches it up.
/// </summary>
public sealed class CachingEventStore(IEventStore inner, StateCache states) : ForwardingEventStore(inner)
{
    /// <summary>Streams a server's state cache holds: every knowledge base it serves, in the usual case.</summary>
    public const int MaxStreams = 100_000;

    private long _caughtUpTo = -1;
    // The store's projection generation as of the last catch-up (-1 before the first): a rebuild by another process bumps it.
    private long _generation = -1;
    private readonly OwnAppends _own = new();

    /// <summary>The one state cache this store serves from.</summary>
    public StateCache States => states;

    /// <inheritdoc/>
    protected override async Task<AppendResult> AppendedAsync(Commit commit, Task<AppendResult> durable, CancellationToken ct)
    {
        AppendResult result;
        try
        {
            result = await durable;
        }
        catch (WrongExpectedVersionException ex)
        {
            states.MovedOn(ex.Stream, ex.Actual);
            throw;
        }
        if (result.Duplicate)
        {
            // Written before, perhaps by another process: what we hold for these streams may be behind.
            foreach (var s in commit.Streams) states.Forget(s.Stream);
            return result;
        }
        _own.Add(result.LastPosition, result.EventCount);
        // The service remembered these states already (the same objects, so nothing is held twice); this settles them as
        // durable, and caches the states of writers that do not go through the service.
        foreach (var s in commit.Streams) states.Remember(s.Stream, new Snapshot(s.NewState, s.ExpectedVersion + s.Events.Count));
        return result;
    }

    /// <inheritdoc/>
    public override async Task<Snapshot?> LoadAsync(StreamId stream, CancellationToken ct)
    {
        if (states.Readable(stream) is { } hit) return hit;
        var epoch = states.Epoch;
        var loaded = await Inner.LoadAsync(stream, ct);
        if (loaded is not null) states.RememberRead(stream, loaded, epoch);
        return loaded;
    }

    /// <inheritdoc/>
    public override async Task<IReadOnlyList<Snapshot>> ListAsync(string team, CancellationToken ct)
    {
        if (states.TeamSlugs(team) is { } slugs)
        {
            // Every report reads the whole team: stay synchronous while every expert is cached (the usual case).
            var list = new List<Snapshot>(slugs.Count);
            foreach (var slug in slugs)
            {
                var stream = new StreamId(team, slug);
                if (states.Readable(stream) is { } hit) list.Add(hit);
                else if (await LoadAsync(stream, ct) is { } loaded) list.Add(loaded);
            }
            return list;
        }
        var epoch = states.Epoch;
        var all = await Inner.ListAsync(team, ct);
        foreach (var s in all) states.RememberRead(new StreamId(team, s.State.Slug), s, epoch);
        states.RememberTeam(team, all.Select(s => s.State.Slug), epoch);
        return all;
    }

    /// <summary>Evicts what events written since the last call by other processes made stale, and everything when another
    /// process rebuilt the projections; returns how many events it read (none when every new event was this process's own
    /// append, whose state the cache holds already).</summary>
    public async Task<int> CatchUpAsync(CancellationToken ct)
    {
        var generation = await Inner.ProjectionGenerationAsync(ct);
        if (generation != Interlocked.Read(ref _generation))
        {
            // Read before the clear: a load that starts after it reads the rebuilt rows, one that started before is refused by the epoch.
            if (Interlocked.Read(ref _generation) >= 0) states.DropAll();
            Interlocked.Exchange(ref _generation, generation);
        }
        var head = await Inner.HeadPositionAsync(ct);
        // At the first call nothing was cached before the store was opened; only what comes after matters. Later, the
        // server's own appends that follow on from where the tail stands are skipped: the cache holds their states.
        _caughtUpTo = _caughtUpTo < 0 ? head : _own.CoveredUpTo(_caughtUpTo);
        _own.Passed(_caughtUpTo);
        if (_caughtUpTo >= head) return 0;
        var read = 0;
        await foreach (var e in Inner.ReadAllAsync(_caughtUpTo, ct))
        {
            read++;
            _caughtUpTo = e.Position;
            if (states.Get(e.Stream) is { } cached && cached.Snapshot.Version >= e.Version) continue;
            states.MovedOn(e.Stream, e.Version);
        }
        _own.Passed(_caughtUpTo);
        return read;
    }

    /// <inheritdoc/>
    public override async Task ReplaceProjectionsAsync(IReadOnlyList<(StreamId Stream, Snapshot Snapshot)> projections, CancellationToken ct)
    {
        await Inner.ReplaceProjectionsAsync(projections, ct);
        states.DropAll();
    }

    /// <inheritdoc/>
    /// <remarks>The generation the cache last caught up with, so what keys on it (corpora, renders) is dropped only once the
    /// knowledge bases it would be rebuilt from are; the store's own before the first catch-up.</remarks>
    public override Task<long> ProjectionGenerationAsync(CancellationToken ct)
    {
        var known = Interlocked.Read(ref _generation);
        return known >= 0 ? Task.FromResult(known) : Inner.ProjectionGenerationAsync(ct);
    }
}

/// <summary>Runs <see cref="CachingEventStore.CatchUpAsync"/> every feed poll interval, so other processes' writes (and rebuilds) reach the cache.</summary>
public sealed class CacheTail(CachingEventStore cache, ProjectionGenerationWatch watch, KosServerOptions options, ILogger<CacheTail> log) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.FeedPollInterval, options.Time);
        try
        {
            do
            {
                try
                {
                    await cache.CatchUpAsync(stoppingToken);
                    watch.Observe(await cache.ProjectionGenerationAsync(stoppingToken));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.LogWarning(ex, "Could not read new events to refresh the cache; will try again");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
