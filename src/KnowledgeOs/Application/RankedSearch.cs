using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Application;

/// <summary>
/// The search every reader gets (<c>kos search</c>, <c>GET …/search</c>, MCP <c>search_knowledge</c>, the
/// dashboard): the store's full-text hits, each item's score multiplied by its usefulness (<see cref="Usefulness"/>)
/// and re-ranked, with the team's task-level knowledge (<see cref="TaskSearch"/>) matched beside them. The store's
/// index gives a larger window of candidates than the page, so an item usefulness lifts can still reach it. Of the
/// team it keeps a digest (<see cref="TeamSearchDigest"/>): the factors of the items tasks used and the task records,
/// built from one read of the team's states, which are then dropped; when the log's head moves, the team's events
/// since are read, and the experts whose events can change their digest (a use of an item, a task;
/// <see cref="ExpertSearchDigest.Changes"/>) are read again and their digests replaced. A search with no write since
/// the last one costs one read of the head; one after a write that write's events, and the touched experts' states
/// only when the write was a report's uses or tasks; what is held grows with used items and tasks, not with the team's
/// items.
/// </summary>
public sealed class RankedSearch(ISearchIndex index, IEventStore store) : ISearchIndex
{
    /// <summary>Teams whose digests are kept at most; past it the memo starts again.</summary>
    public const int MaxTeamsKept = 64;

    private readonly HeadMemo<TeamSearchDigest> _teams = new(store, MaxTeamsKept);

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
        var digest = await DigestAsync(query.Team, ct);
        var items = lexical.Select(hit => Weigh(hit, digest));
        if (deep) return [.. SearchTerms.Order(items)];
        var tasks = query.Sections is not { Count: > 0 } s || s.Contains(SectionKind.Case)
            ? TaskSearch.Hits(query.Team, plan, digest.Experts.Select(e => (e.Slug, (IReadOnlyList<TaskRecord>)e.Tasks)), query.Experts)
            : [];
        return [.. SearchTerms.Order(items.Concat(tasks)).Skip(query.Offset).Take(query.Limit)];
    }

    /// <summary>What is kept of the team at the current head (read or brought up to date first): for tests and figures.</summary>
    public Task<TeamSearchDigest> DigestAsync(string team, CancellationToken ct) =>
        _teams.GetAsync(team, (kept, token) => kept is { } k ? UpdateAsync(team, k.Head, k.Value, token) : ListAsync(team, token), ct);

    private async Task<TeamSearchDigest> ListAsync(string team, CancellationToken ct) =>
        TeamSearchDigest.Of(await store.ListAsync(team, ct));

    // The digest kept under an older head with the experts whose events since can change it (a use, a task; not a
    // knowledge write, see ExpertSearchDigest.Changes) read again (no state is kept to fold onto); a new digest, since a
    // search under way may still read the kept one. Past SnapshotFold.MaxEventsSince events the team is read again.
    private async Task<TeamSearchDigest> UpdateAsync(string team, long since, TeamSearchDigest kept, CancellationToken ct)
    {
        var touched = new SortedSet<string>(StringComparer.Ordinal);
        var events = 0;
        await foreach (var e in store.ReadTeamAfterAsync(team, since, ct))
        {
            if (++events > SnapshotFold.MaxEventsSince) return await ListAsync(team, ct);
            if (ExpertSearchDigest.Changes(e.Event)) touched.Add(e.Stream.Expert);
        }
        if (touched.Count == 0) return kept;
        var changed = new Dictionary<string, Snapshot?>(touched.Count, StringComparer.Ordinal);
        foreach (var slug in touched) changed[slug] = await store.LoadAsync(new StreamId(team, slug), ct);
        return kept.With(changed);
    }

    // The hit's score times the usefulness of the item its expert holds (1 when no task used it).
    private static SearchHit Weigh(SearchHit hit, TeamSearchDigest digest)
    {
        var factor = digest.Factor(hit.Expert, hit.ItemId);
        return factor == 1 ? hit : hit with { Score = hit.Score * factor, Usefulness = factor };
    }
}
