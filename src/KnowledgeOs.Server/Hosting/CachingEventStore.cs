using System.Collections.Concurrent;
using System.Collections.Immutable;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Server.Hosting;

/// <summary>
/// Keeps every knowledge base the server has read in memory, so a read or a report costs no database query.
/// Fresh by construction for this process's writes: an accepted append carries the exact new state and version
/// (write-through). Writes by other processes sharing the file (the CLI) are seen by <see cref="CatchUpAsync"/>,
/// which the <see cref="CacheTail"/> runs every feed poll interval, and a write decided on a stale entry is refused
/// by the store's version check, which evicts the entry so the retry reads the database.
/// </summary>
public sealed class CachingEventStore(IEventStore inner) : ForwardingEventStore(inner)
{
    private const int MaxStreams = 100_000;
    private readonly ConcurrentDictionary<StreamId, Snapshot> _streams = new();
    private readonly ConcurrentDictionary<string, ImmutableSortedSet<string>> _teams = new(StringComparer.Ordinal);
    // Bumped by every eviction: a load that started before one must not put what it read into the cache.
    private long _epoch;
    private long _caughtUpTo = -1;
    // The store's projection generation as of the last catch-up (-1 before the first): a rebuild by another process bumps it.
    private long _generation = -1;
    private readonly OwnAppends _own = new();

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
            Evict(ex.Stream);
            throw;
        }
        if (result.Duplicate)
        {
            // Written before, perhaps by another process: what we hold for these streams may be behind.
            foreach (var s in commit.Streams) Evict(s.Stream);
            return result;
        }
        _own.Add(result.LastPosition, result.EventCount);
        foreach (var s in commit.Streams)
        {
            var snapshot = new Snapshot(s.NewState, s.ExpectedVersion + s.Events.Count);
            _streams.AddOrUpdate(s.Stream, snapshot, (_, old) => old.Version >= snapshot.Version ? old : snapshot);
            if (_teams.TryGetValue(s.Stream.Team, out var slugs) && !slugs.Contains(s.Stream.Expert))
                _teams.TryUpdate(s.Stream.Team, slugs.Add(s.Stream.Expert), slugs);
        }
        return result;
    }

    /// <inheritdoc/>
    public override async Task<Snapshot?> LoadAsync(StreamId stream, CancellationToken ct)
    {
        if (_streams.TryGetValue(stream, out var hit)) return hit;
        var epoch = Interlocked.Read(ref _epoch);
        var loaded = await Inner.LoadAsync(stream, ct);
        if (loaded is not null) Remember(stream, loaded, epoch);
        return loaded;
    }

    /// <inheritdoc/>
    public override async Task<IReadOnlyList<Snapshot>> ListAsync(string team, CancellationToken ct)
    {
        if (_teams.TryGetValue(team, out var slugs))
        {
            // Every report reads the whole team: stay synchronous while every expert is cached (the usual case).
            var list = new List<Snapshot>(slugs.Count);
            foreach (var slug in slugs)
            {
                var stream = new StreamId(team, slug);
                if (_streams.TryGetValue(stream, out var hit)) list.Add(hit);
                else if (await LoadAsync(stream, ct) is { } loaded) list.Add(loaded);
            }
            return list;
        }
        var epoch = Interlocked.Read(ref _epoch);
        var all = await Inner.ListAsync(team, ct);
        foreach (var s in all) Remember(new StreamId(team, s.State.Slug), s, epoch);
        if (Interlocked.Read(ref _epoch) == epoch)
            _teams.TryAdd(team, ImmutableSortedSet.CreateRange(StringComparer.Ordinal, all.Select(s => s.State.Slug)));
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
            if (Interlocked.Read(ref _generation) >= 0) DropAll();
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
            if (_streams.TryGetValue(e.Stream, out var cached) && cached.Version >= e.Version) continue;
            Evict(e.Stream);
        }
        _own.Passed(_caughtUpTo);
        return read;
    }

    /// <inheritdoc/>
    public override async Task ReplaceProjectionsAsync(IReadOnlyList<(StreamId Stream, Snapshot Snapshot)> projections, CancellationToken ct)
    {
        await Inner.ReplaceProjectionsAsync(projections, ct);
        DropAll();
    }

    /// <inheritdoc/>
    /// <remarks>The generation the cache last caught up with, so what keys on it (corpora, renders) is dropped only once the
    /// knowledge bases it would be rebuilt from are; the store's own before the first catch-up.</remarks>
    public override Task<long> ProjectionGenerationAsync(CancellationToken ct)
    {
        var known = Interlocked.Read(ref _generation);
        return known >= 0 ? Task.FromResult(known) : Inner.ProjectionGenerationAsync(ct);
    }

    private void DropAll()
    {
        Interlocked.Increment(ref _epoch);
        _streams.Clear();
        _teams.Clear();
    }


    private void Remember(StreamId stream, Snapshot snapshot, long epoch)
    {
        if (Interlocked.Read(ref _epoch) != epoch) return;
        if (_streams.Count >= MaxStreams) _streams.Clear();
        _streams.AddOrUpdate(stream, snapshot, (_, old) => old.Version >= snapshot.Version ? old : snapshot);
    }

    private void Evict(StreamId stream)
    {
        Interlocked.Increment(ref _epoch);
        _streams.TryRemove(stream, out _);
        if (_teams.TryGetValue(stream.Team, out var slugs) && !slugs.Contains(stream.Expert)) _teams.TryRemove(stream.Team, out _);
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
