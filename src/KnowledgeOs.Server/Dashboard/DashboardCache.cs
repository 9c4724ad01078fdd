using KnowledgeOs.Application;
using KnowledgeOs.Rendering;
using KnowledgeOs.Server.Hosting;
using KnowledgeOs.Server.Items;
using KnowledgeOs.Storage;
using KnowledgeOs.Team;

namespace KnowledgeOs.Server.Dashboard;

/// <summary>What the team's pages show that is costly to compute: the overview (with the ranking) and the latest events.</summary>
/// <param name="Overview">The team overview, as the CLI's <c>kos team</c> computes it.</param>
/// <param name="Events">The team's newest events, newest first.</param>
/// <param name="After">The position the live feed continues after.</param>
public sealed record TeamView(TeamOverview Overview, IReadOnlyList<EventView> Events, long After);

/// <summary>
/// One server's cache for the dashboard. A team's view is kept while the team's experts are unchanged (the sum of
/// their stream versions only grows, so any new event of the team changes it) and the projection generation is the same
/// (a writing <c>kos rebuild</c> moves no version), for at most <see cref="MaxAge"/>, since "this week" moves with the
/// clock. An expert's HTML is kept per stream version, as <see cref="Knowledge.RenderCache"/> keeps Markdown.
/// </summary>
public sealed class DashboardCache(TimeProvider time, ProjectionGenerationWatch generation)
{
    /// <summary>How long a team's view may be reused while nothing changed.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private const int MaxEntries = 10_000;
    private readonly BoundedMemo<string, (long Fingerprint, long Generation), (long BuiltAt, TeamView View)> _teams = new(MaxEntries);
    private readonly BoundedMemo<(StreamId, RenderLanguage), (long Version, long Generation), string> _knowledge = new(MaxEntries);

    /// <summary>The team's view for these snapshots, built by <paramref name="build"/> when missing or stale.</summary>
    public async Task<TeamView> TeamAsync(string team, IReadOnlyList<Snapshot> snapshots, Func<Task<TeamView>> build)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(build);
        var fingerprint = snapshots.Count + snapshots.Sum(s => s.Version) * 1_000_003;
        // Seen before the build: a view built from what a rebuild replaced is never kept under the new generation.
        var seen = generation.Current;
        if (_teams.TryGet(team, out var token, out var hit) && token == (fingerprint, seen) && time.GetElapsedTime(hit.BuiltAt) < MaxAge)
            return hit.View;
        var startedAt = time.GetTimestamp();
        var view = await build();
        _teams.Set(team, (fingerprint, seen), (startedAt, view));
        return view;
    }

    /// <summary>An expert's knowledge base as HTML, converted once per version, projection generation (see
    /// <see cref="Knowledge.RenderCache"/>) and language.</summary>
    public string Knowledge(StreamId stream, long version, long generation, RenderLanguage language, Func<string> convert)
    {
        return _knowledge.Get((stream, language), (version, generation), convert);
    }
}
