using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Application;

/// <summary>
/// The search every reader gets (<c>kos search</c>, <c>GET …/search</c>, MCP <c>search_knowledge</c>, the
/// dashboard): the store's full-text hits, each item's score multiplied by its usefulness (<see cref="Usefulness"/>)
/// and re-ranked, with the team's task-level knowledge (<see cref="TaskSearch"/>) matched beside them. The store's
/// index gives a larger window of candidates than the page, so an item usefulness lifts can still reach it; the
/// folded states come from one read of the team, kept and, when the log's head moves, brought up to date with the
/// team's events since (<see cref="SnapshotFold.CatchUpAsync"/>): a search with no write since the last one costs one
/// read of the head, one after a write that write's events, not the team's states again.
/// </summary>
public sealed class RankedSearch(ISearchIndex index, IEventStore store) : ISearchIndex
{
    /// <summary>Teams whose states are kept at most; past it the memo starts again.</summary>
    public const int MaxTeamsKept = 64;

    private readonly HeadMemo<Dictionary<string, Snapshot>> _teams = new(store, MaxTeamsKept);

    /// <summary>Candidates asked of the index beyond the page, at least: room for usefulness to move items up.</summary>
    public const int ExtraCandidates = 20;

    /// <summary>The store's own index underneath.</summary>
    public ISearchIndex Lexical => index;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken ct)
    {
        var plan = SearchTerms.Check(query);
        var wanted = query.Offset + query.Limit;
        // A page past the index's largest window is the index's own page, re-weighed in place (no task hits join it).
        var deep = wanted > SearchQuery.MaxLimit;
        var pool = Math.Min(SearchQuery.MaxLimit, Math.Max(2 * wanted, wanted + ExtraCandidates));
        var lexical = await index.SearchAsync(deep ? query : query with { Offset = 0, Limit = pool }, ct);
        var states = await StatesAsync(query.Team, ct);
        var items = lexical.Select(hit => Weigh(hit, states));
        if (deep) return [.. SearchTerms.Order(items)];
        var tasks = query.Sections is not { Count: > 0 } s || s.Contains(SectionKind.Case)
            ? TaskSearch.Hits(query.Team, plan, states.Values.Select(v => v.State), query.Experts)
            : [];
        return [.. SearchTerms.Order(items.Concat(tasks)).Skip(query.Offset).Take(query.Limit)];
    }

    private Task<Dictionary<string, Snapshot>> StatesAsync(string team, CancellationToken ct) =>
        _teams.GetAsync(team, (kept, token) => kept is { } k ? UpdateAsync(team, k.Head, k.Value, token) : ListAsync(team, token), ct);

    private async Task<Dictionary<string, Snapshot>> ListAsync(string team, CancellationToken ct) =>
        (await store.ListAsync(team, ct)).ToDictionary(s => s.State.Slug, StringComparer.Ordinal);

    // The states kept under an older head with the team's events since folded on; a new dictionary, since a search
    // under way may still read the kept one.
    private async Task<Dictionary<string, Snapshot>> UpdateAsync(string team, long since, Dictionary<string, Snapshot> kept, CancellationToken ct)
    {
        var changed = await SnapshotFold.CatchUpAsync(store, team, since, slug => kept.GetValueOrDefault(slug), ct);
        if (changed is null) return await ListAsync(team, ct);
        if (changed.Count == 0) return kept;
        var states = new Dictionary<string, Snapshot>(kept, StringComparer.Ordinal);
        foreach (var (slug, snapshot) in changed)
        {
            if (snapshot is not null) states[slug] = snapshot;
            else states.Remove(slug);
        }
        return states;
    }

    // The hit's score times the usefulness of the item its expert holds (1 when no task used it).
    private static SearchHit Weigh(SearchHit hit, Dictionary<string, Snapshot> states)
    {
        if (!states.TryGetValue(hit.Expert, out var snapshot) || !snapshot.State.Items.TryGetValue(hit.ItemId, out var item)) return hit;
        var factor = Usefulness.Factor(item);
        return factor == 1 ? hit : hit with { Score = hit.Score * factor, Usefulness = factor };
    }
}
