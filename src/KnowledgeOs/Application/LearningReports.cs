using KnowledgeOs.Experts;
using KnowledgeOs.Programs;
using KnowledgeOs.Storage;
using KnowledgeOs.Team;

namespace KnowledgeOs.Application;

/// <summary>
/// The read side of learning, shared by the CLI, the server and the cycle: an expert's evaluated program, the
/// team's progress ranking with the change since a week before, the team overview and the daily digest, now or
/// at a past point of view (<see cref="AsOf"/>).
/// </summary>
public sealed class LearningReports(KnowledgeService service, ProgramCatalog catalog, TimeProvider time)
{
    /// <summary>How far back "change since last week" looks.</summary>
    public static readonly TimeSpan Week = TimeSpan.FromDays(7);

    /// <summary>The templates in force.</summary>
    public ProgramCatalog Catalog => catalog;

    /// <summary>An expert's program, evaluated on the knowledge base now or as of a time.</summary>
    public async Task<ProgramProgress> ProgramAsync(string team, string slug, AsOf? asOf, CancellationToken ct)
    {
        var snapshot = await service.GetAsync(team, slug, asOf, ct);
        return ProgramEvaluator.Evaluate(snapshot.State, catalog);
    }

    /// <summary>Every expert's state at <paramref name="asOf"/> (now when null); experts that did not exist yet are left out.</summary>
    public async Task<IReadOnlyList<ExpertState>> StatesAsync(string team, AsOf? asOf, CancellationToken ct) =>
        [.. (await service.ListAsync(team, asOf, ct)).Select(s => s.State)];

    /// <summary>The ranking at <paramref name="asOf"/> (now when null) with the change since a week before it.</summary>
    public async Task<ProgressRanking> RankingAsync(string team, AsOf? asOf, CancellationToken ct)
    {
        var at = asOf?.At ?? time.GetUtcNow();
        var now = await StatesAsync(team, asOf, ct);
        // A week before, on the same axis; "now" compares with what had happened a week ago, as known now.
        var earlier = (await StatesAsync(team, new AsOf(at - Week, asOf?.Axis ?? TimeAxis.Valid), ct)).ToDictionary(s => s.Slug, StringComparer.Ordinal);
        return ProgressRanking.Build(team, now, earlier, catalog, at, at - Week);
    }

    /// <summary>The team overview at <paramref name="asOf"/> (now when null).</summary>
    public async Task<TeamOverview> OverviewAsync(string team, AsOf? asOf, CancellationToken ct)
    {
        var at = asOf?.At ?? time.GetUtcNow();
        var states = await StatesAsync(team, asOf, ct);
        var ranking = await RankingAsync(team, asOf, ct);
        return TeamOverview.Build(team, states, ranking, at);
    }

    /// <summary>
    /// What each expert learned in the window (<paramref name="from"/>, <paramref name="to"/>], by when it was <em>recorded</em>:
    /// a report completed two weeks ago and learned today is in today's digest, never skipped; and a run catching up
    /// after downtime writes the same digest for a past window as a run on time did.
    /// </summary>
    public async Task<LearningDigest> DigestAsync(string team, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var states = new List<ExpertState>();
        foreach (var s in await service.ListAsync(team, ct))
            if (await service.RecordingViewAsync(team, s.State.Slug, to, ct) is { } recorded) states.Add(recorded);
        return LearningDigest.Build(team, states, from, to);
    }
}
