using KnowledgeOs.Experts;
using KnowledgeOs.Programs;
using KnowledgeOs.Team;

namespace KnowledgeOs.Application;

/// <summary>
/// The read side of learning, shared by the CLI, the server and the cycle: an expert's evaluated program, the
/// team's progress ranking with the change since a week before, the team overview and the daily digest, now or
/// as recorded at a past time.
/// </summary>
public sealed class LearningReports(KnowledgeService service, ProgramCatalog catalog, TimeProvider time)
{
    /// <summary>How far back "change since last week" looks.</summary>
    public static readonly TimeSpan Week = TimeSpan.FromDays(7);

    /// <summary>The templates in force.</summary>
    public ProgramCatalog Catalog => catalog;

    /// <summary>An expert's program, evaluated on the knowledge base now or as of a time.</summary>
    public async Task<ProgramProgress> ProgramAsync(string team, string slug, DateTimeOffset? asOf, CancellationToken ct)
    {
        var snapshot = await service.GetAsync(team, slug, asOf, ct);
        return ProgramEvaluator.Evaluate(snapshot.State, catalog);
    }

    /// <summary>Every expert's state as recorded at <paramref name="asOf"/> (now when null); experts that did not exist yet are left out.</summary>
    public async Task<IReadOnlyList<ExpertState>> StatesAsync(string team, DateTimeOffset? asOf, CancellationToken ct)
    {
        var current = await service.ListAsync(team, ct);
        if (asOf is null) return [.. current.Select(s => s.State)];
        var states = new List<ExpertState>();
        foreach (var s in current)
        {
            try
            {
                states.Add((await service.GetAsync(team, s.State.Slug, asOf, ct)).State);
            }
            catch (NotFoundException)
            {
                // Not onboarded yet at that time.
            }
        }
        return states;
    }

    /// <summary>The ranking at <paramref name="asOf"/> (now when null) with the change since a week before it.</summary>
    public async Task<ProgressRanking> RankingAsync(string team, DateTimeOffset? asOf, CancellationToken ct)
    {
        var at = asOf ?? time.GetUtcNow();
        var now = await StatesAsync(team, asOf, ct);
        var earlier = (await StatesAsync(team, at - Week, ct)).ToDictionary(s => s.Slug, StringComparer.Ordinal);
        return ProgressRanking.Build(team, now, earlier, catalog, at, at - Week);
    }

    /// <summary>The team overview at <paramref name="asOf"/> (now when null).</summary>
    public async Task<TeamOverview> OverviewAsync(string team, DateTimeOffset? asOf, CancellationToken ct)
    {
        var at = asOf ?? time.GetUtcNow();
        var states = await StatesAsync(team, asOf, ct);
        var ranking = await RankingAsync(team, asOf, ct);
        return TeamOverview.Build(team, states, ranking, at);
    }

    /// <summary>What each expert learned in the window (<paramref name="from"/>, <paramref name="to"/>], by when things happened.</summary>
    public async Task<LearningDigest> DigestAsync(string team, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
        LearningDigest.Build(team, await StatesAsync(team, null, ct), from, to);
}
