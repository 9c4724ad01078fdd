using KnowledgeOs.Embeddings;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Application;

/// <summary>
/// Serves knowledge back: the context pack for a task and the experts to route it to, over the team's current
/// knowledge bases. The one read path for <c>kos context</c>/<c>kos route</c>, the HTTP API and the MCP tools.
/// Each expert is analyzed once per version and kept (a server answers many queries between changes), and the team's
/// corpus is kept until the store's head moves (<see cref="HeadMemo{T}"/>).
/// With <paramref name="semantic"/> (an embedding provider is configured), the task's text is embedded once per call
/// and the items nearest its meaning join the lexical matches (<see cref="HybridMatches"/>); without it, or when the
/// provider cannot answer, the answers are the lexical ones.
/// </summary>
public sealed class RetrievalService(KnowledgeService knowledge, ISemanticNeighbours? semantic = null)
{
    /// <summary>Most analyzed experts kept; past it the memo starts again (a store with more is rare and only slower).</summary>
    public const int MaxAnalyzed = 20_000;

    /// <summary>Most experts <c>route</c> may return.</summary>
    public const int MaxTop = 100;

    /// <summary>Most of a team's events since its corpus was kept that are read to find the changed experts; past them the whole team is read.</summary>
    public const int MaxEventsSince = SnapshotFold.MaxEventsSince;

    /// <summary>Teams whose corpus is kept at most; past it the memo starts again.</summary>
    public const int MaxTeamsKept = 64;

    private readonly BoundedMemo<StreamId, (long Version, DateTimeOffset LastUpdate), AnalyzedExpert> _analyzed = new(MaxAnalyzed);

    // The team's corpus until the log's head moves: a query with no write since the last one reads only the head.
    private readonly HeadMemo<TeamCorpus> _corpora = new(knowledge.Store, MaxTeamsKept);

    /// <summary>The team's analyzed knowledge bases now.</summary>
    public Task<TeamCorpus> CorpusAsync(string team, CancellationToken ct) => CorpusAsync(team, null, ct);

    /// <summary>The team's analyzed knowledge bases now, or at a past point of view (<see cref="AsOf"/>).</summary>
    public async Task<TeamCorpus> CorpusAsync(string team, AsOf? asOf, CancellationToken ct)
    {
        ExpertDecider.ValidateSlug(team, "team");
        // A past state is not the current one at its version (the valid axis skips later-recorded events): never memoized.
        if (asOf is not null)
            return TeamCorpus.Of((await knowledge.ListAsync(team, asOf, ct)).Select(s => AnalyzedExpert.Of(s.State, s.Version)));
        return await _corpora.GetAsync(team, (kept, token) => kept is { } k ? UpdateAsync(team, k.Head, k.Value, token) : ListAsync(team, token), ct);
    }

    /// <summary>The context pack of a task.</summary>
    /// <exception cref="InputException">Bad task text, budget or expert list, naming the field.</exception>
    /// <exception cref="NotFoundException">A named expert is not in the team.</exception>
    public Task<ContextPack> ContextAsync(string team, ContextPackRequest request, CancellationToken ct) => ContextAsync(team, request, null, ct);

    /// <summary>The context pack of a task from the team's knowledge now, or at a past point of view.</summary>
    /// <exception cref="InputException">Bad task text, budget or expert list, naming the field.</exception>
    /// <exception cref="NotFoundException">A named expert is not in the team (at that point of view).</exception>
    public async Task<ContextPack> ContextAsync(string team, ContextPackRequest request, AsOf? asOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Cheap checks before the team is read, so bad input costs nothing.
        var query = TaskQuery.Parse(request.Title, request.Task, "task");
        var corpus = await CorpusAsync(team, asOf, ct);
        // Vectors are of the items now: a past point of view is answered lexically.
        return ContextPack.Build(corpus, request, asOf is null ? await NeighboursAsync(team, query, ct) : []);
    }

    /// <summary>The team's experts ranked for a task, best first.</summary>
    /// <exception cref="InputException">Bad task text or <paramref name="top"/>, naming the field.</exception>
    public async Task<IReadOnlyList<RoutedExpert>> RouteAsync(string team, string? task, string? title, int top, CancellationToken ct)
    {
        if (top is < 1 or > MaxTop) throw InputException.Of($"top must be between 1 and {MaxTop} (got {top}).", "top",
            ErrorCodes.NumberNotBetween, "top", "1", MaxTop.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var query = TaskQuery.Parse(title, task, "task");
        var corpus = await CorpusAsync(team, ct);
        var neighbours = await NeighboursAsync(team, query, ct);
        if (neighbours.Count == 0) return ExpertRouting.Rank(corpus, query, top);
        var expanded = corpus.Expand(query);
        return ExpertRouting.Rank(corpus, expanded, top, HybridMatches.Of(corpus, expanded, neighbours));
    }

    // The items nearest the task's meaning (title and text, embedded once); none without a provider.
    private async Task<IReadOnlyList<Neighbour>> NeighboursAsync(string team, TaskQuery query, CancellationToken ct)
    {
        if (semantic is null) return [];
        var text = string.Join("\n", new[] { query.Title, query.Text }.Where(t => !string.IsNullOrWhiteSpace(t))).Trim();
        return text.Length == 0 ? [] : await semantic.NearestAsync(team, text, HybridMatches.MaxNeighbours, ct);
    }

    // The whole team read from the store; only the experts whose version changed are analyzed again (their changed items).
    private async Task<TeamCorpus> ListAsync(string team, CancellationToken ct)
    {
        // The dictionaries load (once per process) while the team is read, not after it.
        var lemmas = Task.Run(() => Lemmas.Current, ct);
        var snapshots = await knowledge.ListAsync(team, ct);
        await lemmas;
        return TeamCorpus.Of(AnalyzeAll(team, snapshots, ct), null);
    }

    // The experts analyzed side by side, at most one per core (the stemmers are per thread, the lemma cache concurrent,
    // the dictionaries read only): the first route after a start analyzes the whole team.
    private AnalyzedExpert[] AnalyzeAll(string team, IReadOnlyList<Snapshot> snapshots, CancellationToken ct)
    {
        var analyzed = new AnalyzedExpert[snapshots.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct };
        Parallel.For(0, snapshots.Count, options, i => analyzed[i] = Analyze(team, snapshots[i]));
        return analyzed;
    }

    // The corpus kept under an older head with the experts the team's events since then touched brought up to date
    // (SnapshotFold.CatchUpAsync: new events folded onto the kept states, an expert new to the corpus or with a gap read)
    // and its sums updated for them; past MaxEventsSince events, one read of the whole team is cheaper.
    private async Task<TeamCorpus> UpdateAsync(string team, long since, TeamCorpus kept, CancellationToken ct)
    {
        var changed = await SnapshotFold.CatchUpAsync(knowledge.Store, team, since,
            slug => kept.Find(slug) is { } before ? new Snapshot(before.State, before.Version) : null, ct);
        if (changed is null) return await ListAsync(team, ct);
        if (changed.Count == 0) return kept;
        var experts = kept.Experts.ToDictionary(e => e.State.Slug, StringComparer.Ordinal);
        foreach (var (slug, snapshot) in changed)
        {
            if (snapshot is not null) experts[slug] = Analyze(team, snapshot);
            else experts.Remove(slug);
        }
        return TeamCorpus.Of(experts.Values, kept);
    }

    private AnalyzedExpert Analyze(string team, Snapshot snapshot)
    {
        var key = new StreamId(team, snapshot.State.Slug);
        var token = (snapshot.Version, snapshot.State.LastUpdate);
        var found = _analyzed.TryGet(key, out var kept, out var known);
        if (found && kept == token) return known;
        // The expert's earlier version lends the analysis of every item that says the same: only changed items are stemmed.
        var analyzed = AnalyzedExpert.Of(snapshot.State, snapshot.Version, found ? known : null);
        _analyzed.Set(key, token, analyzed);
        return analyzed;
    }
}
