using KnowledgeOs.Application;
using KnowledgeOs.Rendering;
using KnowledgeOs.Server.Hosting;
using KnowledgeOs.Server.Items;
using KnowledgeOs.Storage;
using KnowledgeOs.Team;

namespace KnowledgeOs.Server.Dashboard;

/// <summary>What the team's pages show that is costly to compute: the experts, the overview (with the ranking) and the latest events.</summary>
/// <param name="Experts">The team's experts, as listed when the view was built.</param>
/// <param name="Overview">The team overview, as the CLI's <c>kos team</c> computes it.</param>
/// <param name="Events">The team's newest events, newest first.</param>
/// <param name="After">The position the live feed continues after.</param>
public sealed record TeamView(IReadOnlyList<Snapshot> Experts, TeamOverview Overview, IReadOnlyList<EventView> Events, long After);

/// <summary>
/// One server's cache for the dashboard. A team's view is kept under the token of every per-team value
/// (<see cref="HeadMemo{T}"/>: the log's head and the projection generation, read once per request before any build), so
/// a write shows on the next page load and a page load while nothing changed reads nothing else of the team; and for at
/// most <see cref="MaxAge"/>, since "this week" and the ranking's week-old comparison move with the clock, not the log.
/// An expert's HTML is kept per stream version, as <see cref="Knowledge.RenderCache"/> keeps Markdown.
/// </summary>
public sealed class DashboardCache(IEventStore store, TimeProvider time)
{
    /// <summary>How long a team's view may be reused while nothing changed.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private const int MaxEntries = 10_000;
    private readonly HeadMemo<(long BuiltAt, TeamView View)> _teams = new(store, MaxEntries);
    private readonly BoundedMemo<(StreamId, RenderLanguage), (long Version, long Generation), string> _knowledge = new(MaxEntries);

    /// <summary>The team's view at the log's head, built by <paramref name="build"/> when missing, stale or older than <see cref="MaxAge"/>.</summary>
    public async Task<TeamView> TeamAsync(string team, Func<CancellationToken, Task<TeamView>> build, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(build);
        var kept = await _teams.GetAsync(team, async token =>
        {
            var startedAt = time.GetTimestamp();
            return (startedAt, await build(token));
        }, ct, current: k => time.GetElapsedTime(k.BuiltAt) < MaxAge);
        return kept.View;
    }

    /// <summary>An expert's knowledge base as HTML, converted once per version, projection generation (see
    /// <see cref="Knowledge.RenderCache"/>) and language.</summary>
    public string Knowledge(StreamId stream, long version, long generation, RenderLanguage language, Func<string> convert)
    {
        return _knowledge.Get((stream, language), (version, generation), convert);
    }
}
