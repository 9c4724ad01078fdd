using System.Collections.Concurrent;
using KnowledgeOs.Application;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Retrieval.Cache;

/// <summary>
/// The store's search index with an in-memory read-side cache in front (docs/SEARCH.md, "A read-side cache"): each
/// team's items are loaded once from the store's item rows into compact postings (<see cref="SearchSegment"/>) and
/// queried with the store's semantics (<see cref="CachedQuery"/>). Before answering, one read of the log's head and of
/// the projection generation tells whether the team's index is current; when the head moved, the team's events since
/// name the changed items, which are re-read (read-your-writes, on every server sharing the database); when
/// the generation moved (a rebuild, a restore) the team is loaded again. A team not loaded yet, one that failed to
/// load, or one that does not fit <see cref="IndexedSearchOptions.MaxItems"/> is answered by the store's own index,
/// the consistent path, while it loads in the background, one load at a time.
/// </summary>
public sealed class IndexedSearch(ISearchIndex store, IEventStore events, ISearchItemSource items, IndexedSearchOptions? options = null) : ISearchIndex
{
    private readonly IndexedSearchOptions _options = options ?? new IndexedSearchOptions();
    private readonly ConcurrentDictionary<string, TeamEntry> _teams = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loads = new(1, 1);
    private readonly LeastUsed _uses = new();

    /// <summary>The store's own index underneath.</summary>
    public ISearchIndex Store => store;

    /// <summary>Items held in memory now, all teams together.</summary>
    public long HeldItems => _teams.Values.Sum(t => t.View?.Held ?? 0);

    /// <summary>Approximate bytes the loaded teams' segments hold.</summary>
    public long ApproximateBytes => _teams.Values.Sum(t => t.View?.Segments.Sum(s => s.Segment.ApproximateBytes()) ?? 0);

    /// <summary>True when the team is loaded (its searches are answered from memory).</summary>
    public bool IsLoaded(string team) => _teams.TryGetValue(team, out var entry) && entry.View is not null;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken ct)
    {
        var plan = SearchTerms.Check(query);
        var view = await CurrentAsync(query.Team, ct);
        return view is null ? await store.SearchAsync(query, ct) : CachedQuery.Run(view, plan, query);
    }

    /// <summary>Loads (or reloads) a team now, waiting for any other load first.</summary>
    public async Task LoadAsync(string team, CancellationToken ct)
    {
        await _loads.WaitAsync(ct);
        try
        {
            await LoadNowAsync(team, _teams.GetOrAdd(team, _ => new TeamEntry(_uses.Now())), ct);
        }
        finally
        {
            _loads.Release();
        }
    }

    // The team's view at the store's current head and generation, or null when the store must answer.
    private async Task<TeamView?> CurrentAsync(string team, CancellationToken ct)
    {
        var generation = await events.ProjectionGenerationAsync(ct);
        var head = await events.HeadPositionAsync(ct);
        var entry = _teams.GetOrAdd(team, _ => new TeamEntry(_uses.Now()));
        _uses.Use(entry.Used);
        var view = entry.View;
        if (view is null || view.Generation != generation)
        {
            if (!_options.LoadInline) return Start(team, entry);
            await LoadAsync(team, ct);
            view = entry.View;
            if (view is null || view.Generation != generation) return null;
        }
        if (view.Head >= head) return view;
        await entry.Gate.WaitAsync(ct);
        try
        {
            view = entry.View;
            if (view is null || view.Generation != generation) return null;
            if (view.Head >= head) return view;
            var caught = await CatchUpAsync(team, view, head, ct);
            if (caught is null || caught.Changed > _options.MaxChanged || caught.Segments.Count > IndexedSearchOptions.MaxSegments)
            {
                // Too much changed to lay over the segment: loaded again (the store answers meanwhile, or this search waits inline).
                if (_options.LoadInline)
                {
                    entry.Gate.Release();
                    try { await LoadAsync(team, ct); }
                    finally { await entry.Gate.WaitAsync(CancellationToken.None); }
                    return entry.View is { } loaded && loaded.Head >= head ? loaded : null;
                }
                if (caught is not null) entry.View = caught;
                return caught ?? Start(team, entry);
            }
            entry.View = caught;
            return caught;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _options.Failed?.Invoke(team, ex);
            return null;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    // The view with the items the team's events since its head touched re-read into a segment of their own (an expert
    // merged, all its items); null past SnapshotFold.MaxEventsSince events.
    private async Task<TeamView?> CatchUpAsync(string team, TeamView view, long head, CancellationToken ct)
    {
        var changed = new CatchUpChanges();
        var read = 0;
        await foreach (var e in events.ReadTeamAfterAsync(team, view.Head, ct))
        {
            if (++read > SnapshotFold.MaxEventsSince) return null;
            changed.Add(e);
        }
        var rows = new List<SearchItemRow>();
        foreach (var expert in changed.Experts)
            await foreach (var row in items.ReadSearchItemsAsync(team, expert, ct)) rows.Add(row);
        foreach (var (expert, ids) in changed.Items)
            await foreach (var row in items.ReadSearchItemsAsync(team, expert, ids, ct)) rows.Add(row);
        return view.With(changed, SearchSegment.Of(rows), head);
    }

    // Starts a background load of the team unless one runs or it failed lately; the store answers meanwhile.
    private TeamView? Start(string team, TeamEntry entry)
    {
        if (Environment.TickCount64 < Interlocked.Read(ref entry.RetryAt) || Interlocked.CompareExchange(ref entry.Loading, 1, 0) != 0) return null;
        _ = Task.Run(async () =>
        {
            try
            {
                await LoadAsync(team, CancellationToken.None);
            }
            catch (Exception ex)
            {
                Interlocked.Exchange(ref entry.RetryAt, Environment.TickCount64 + (long)_options.RetryAfter.TotalMilliseconds);
                _options.Failed?.Invoke(team, ex);
            }
            finally
            {
                Interlocked.Exchange(ref entry.Loading, 0);
            }
        });
        return null;
    }

    // Reads the head and generation first, so the view is never older than they say; then keeps the bound.
    private async Task LoadNowAsync(string team, TeamEntry entry, CancellationToken ct)
    {
        var generation = await events.ProjectionGenerationAsync(ct);
        var head = await events.HeadPositionAsync(ct);
        var segment = await SearchSegment.LoadAsync(items.ReadSearchItemsAsync(team, null, ct), ct);
        await entry.Gate.WaitAsync(ct);
        try
        {
            entry.View = TeamView.Loaded(segment, head, generation);
        }
        finally
        {
            entry.Gate.Release();
        }
        KeepBound(entry);
    }

    // Past MaxItems, the least recently searched teams let go of their views (the one just loaded last of all, and it too
    // when alone it does not fit); each entry stays, so a team dropped is not loaded again before RetryAfter.
    private void KeepBound(TeamEntry loaded) => _uses.TrimWeight(_teams, _options.MaxItems, t => t.Used, t => t.View?.Held ?? 0, loaded, drop =>
    {
        drop.View = null;
        Interlocked.Exchange(ref drop.RetryAt, Environment.TickCount64 + (long)_options.RetryAfter.TotalMilliseconds);
    });

    private sealed class TeamEntry(LeastUsed.Stamp used)
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public readonly LeastUsed.Stamp Used = used;
        public long Loading;
        public long RetryAt;
        public volatile TeamView? View;
    }
}
