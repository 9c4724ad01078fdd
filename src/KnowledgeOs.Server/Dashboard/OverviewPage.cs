using System.Text;
using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Metrics;
using KnowledgeOs.Programs;
using KnowledgeOs.Rendering;
using KnowledgeOs.Server.Auth;
using KnowledgeOs.Server.Http;
using KnowledgeOs.Storage;
using KnowledgeOs.Team;
using static KnowledgeOs.Server.Dashboard.Html;

namespace KnowledgeOs.Server.Dashboard;

/// <summary>
/// <c>/ui/teams/{team}</c>: the team at a glance: its experts (sortable by any column with <c>?sort=&amp;dir=</c>), the
/// overview's numbers, the progress ranking, the skill matrix and progress pictures, and the live list of recent events.
/// </summary>
public sealed class OverviewPage(DashboardCache cache)
{
    /// <summary>A sortable column (its heading is <see cref="DashboardLabels.ExpertColumns"/> at its index): its query value, whether it sorts descending first, its key, and whether it holds plain numbers.</summary>
    private sealed record Column(string Id, bool Numeric, Func<Row, IComparable> Key, bool RightAligned = false);

    private sealed record Row(ExpertState State, ExpertMetrics Metrics);

    private static readonly Column[] Columns =
    [
        new("name", false, r => r.State.DisplayName),
        new("role", false, r => r.State.Role),
        new("level", true, r => r.Metrics.Level * 100_000 + r.Metrics.Successful),
        new("knowledge", true, r => r.Metrics.KnowledgeGained, RightAligned: true),
        new("tasks", true, r => r.Metrics.Successful, RightAligned: true),
        new("activity", true, r => r.State.LastUpdate),
    ];

    /// <summary>The columns <c>sort</c> accepts.</summary>
    public static IReadOnlyList<string> SortKeys { get; } = [.. Columns.Select(c => c.Id)];

    /// <summary>GET the overview.</summary>
    public async Task<IResult> Get(string team, string? sort, string? dir, string? asOf, string? recordedAsOf, Caller caller,
        KnowledgeService service, IEventStore store, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        // The team's language from the kept view's experts (an empty team: Russian, and not found below).
        var language = await PageLanguage.ResolveAsync(http, team, ct);
        var l = DashboardLabels.For(language);
        var column = Columns.FirstOrDefault(c => string.Equals(c.Id, sort ?? "level", StringComparison.OrdinalIgnoreCase))
            ?? throw InputException.Of($"sort '{sort}' is not a column (expected {string.Join(", ", SortKeys)}).", "sort",
                ErrorCodes.OptionValueUnknown, "sort", sort ?? "", string.Join(", ", SortKeys));
        var descending = dir?.ToLowerInvariant() switch
        {
            null or "" => column.Numeric,
            "desc" => true,
            "asc" => false,
            _ => throw InputException.Of($"dir '{dir}' is not asc or desc.", "dir", ErrorCodes.OptionValueUnknown, "dir", dir, "asc, desc"),
        };
        var at = Queries.PointOfView(asOf, recordedAsOf);
        // The cache holds the current view only; a past point of view is computed each time.
        var (snapshots, overview, events, after) = at is null
            ? await ViewAsync(cache, team, service, store, time, ct)
            : await PastViewAsync(team, at, service, store, time, ct);

        var rows = snapshots.Select(s => new Row(s.State, ExpertMetrics.Of(s.State)));
        var ordered = (descending ? rows.OrderByDescending(column.Key) : rows.OrderBy(column.Key))
            .ThenBy(r => r.State.Slug, StringComparer.Ordinal).ToList();

        var sb = new StringBuilder(16_384);
        if (at is not null)
            sb.Append("<p class=\"muted\" id=\"as-of\">").Append(E(l.PastView(null, at))).Append(" · <a href=\"")
                .Append(TeamUrl(team)).Append("\">").Append(E(l.Now)).Append("</a></p>\n");
        Cards(sb, overview, l);
        sb.Append("<div class=\"columns\">\n<section>\n<h2>").Append(E(l.Experts)).Append("</h2>\n").Append(Html.WideStart).Append("<table id=\"experts\">\n<thead><tr>");
        foreach (var (c, heading) in Columns.Zip(l.ExpertColumns))
        {
            var active = c == column;
            var nextDir = active ? (descending ? "asc" : "desc") : (c.Numeric ? "desc" : "asc");
            var arrow = active ? (descending ? " ▼" : " ▲") : "";
            sb.Append("<th scope=\"col\"").Append(c.RightAligned ? " class=\"num\"" : "").Append(active ? $" aria-sort=\"{(descending ? "descending" : "ascending")}\"" : "")
                .Append("><a href=\"").Append(TeamUrl(team)).Append("?sort=").Append(c.Id).Append("&amp;dir=").Append(nextDir).Append("\">")
                .Append(E(heading)).Append(arrow).Append("</a></th>");
        }
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var r in ordered)
        {
            var m = r.Metrics;
            sb.Append("<tr data-slug=\"").Append(E(r.State.Slug)).Append("\"><td><a class=\"expert\" href=\"").Append(ExpertUrl(team, r.State.Slug)).Append("\">")
                .Append(E(r.State.DisplayName)).Append("</a> <span class=\"muted\">").Append(E(r.State.Slug)).Append("</span></td>")
                .Append("<td").Append(Lang(r.State.Role, language)).Append('>').Append(E(r.State.Role)).Append("</td>")
                .Append("<td class=\"level\" data-level=\"").Append(N(m.Level)).Append("\">").Append(E(l.LevelWord)).Append(' ').Append(N(m.Level))
                .Append("<div class=\"reason\">").Append(E(RenderLabels.For(language).LevelLine(m.Evidence))).Append("</div></td>")
                .Append("<td class=\"num\">").Append(N(m.KnowledgeConfirmed)).Append(" / ").Append(N(m.KnowledgeGained - m.KnowledgeConfirmed)).Append("</td>")
                .Append("<td class=\"num\">").Append(N(m.Successful)).Append(" <span class=\"muted\">").Append(E(l.Of)).Append(' ').Append(N(m.TasksCompleted)).Append("</span></td>")
                .Append("<td>").Append(E(Time(r.State.LastUpdate))).Append("</td></tr>\n");
        }
        sb.Append(Html.WideEnd);
        Ranking(sb, team, overview.Ranking, l, RenderLabels.For(language));
        if (overview.Matrix.Topics.Count > 0)
        {
            sb.Append("<h2>").Append(E(l.SkillMatrix)).Append("</h2>\n<img class=\"chart\" src=\"").Append(TeamUrl(team))
                .Append("/skill-matrix.svg\" alt=\"").Append(E(l.SkillMatrixAlt)).Append("\">\n");
        }
        sb.Append("</section>\n<aside>\n").Append(RecentEvents.Render(team, events, after, snapshots, language)).Append("</aside>\n</div>\n");
        return new HtmlPage(l.TeamTitle(team), team, sb.ToString(), caller);
    }

    /// <summary>The team's view now, from the cache while nothing changed; a team with no expert is not found.</summary>
    internal static async Task<TeamView> ViewAsync(DashboardCache cache, string team, KnowledgeService service, IEventStore store,
        TimeProvider time, CancellationToken ct)
    {
        var view = await KeptAsync(cache, team, service, store, time, ct);
        return view.Experts.Count > 0 ? view : throw NotFoundException.TeamEmpty(team);
    }

    /// <summary>The team's current view as the cache keeps it (empty for a team with no expert).</summary>
    internal static Task<TeamView> KeptAsync(DashboardCache cache, string team, KnowledgeService service, IEventStore store, TimeProvider time,
        CancellationToken ct) =>
        cache.TeamAsync(team, token => BuildAsync(team, null, service, store, time, token), ct);

    private static async Task<TeamView> PastViewAsync(string team, AsOf at, KnowledgeService service, IEventStore store, TimeProvider time,
        CancellationToken ct)
    {
        var view = await BuildAsync(team, at, service, store, time, ct);
        return view.Experts.Count > 0 ? view : throw NotFoundException.TeamEmptyAt(team, at);
    }

    private static async Task<TeamView> BuildAsync(string team, AsOf? at, KnowledgeService service, IEventStore store, TimeProvider time,
        CancellationToken ct)
    {
        var experts = await service.ListAsync(team, at, ct);
        if (experts.Count == 0)
        {
            var now = time.GetUtcNow();
            return new TeamView(experts, TeamOverview.Build(team, [], new ProgressRanking(team, now, now, []), now), [], 0);
        }
        var overview = await new LearningReports(service, ProgramCatalog.Builtin, time).OverviewAsync(team, at, ct);
        var (events, after) = await RecentEvents.LatestAsync(store, team, ct);
        return new TeamView(experts, overview, events, after);
    }

    private static void Cards(StringBuilder sb, TeamOverview o, DashboardLabels l)
    {
        sb.Append("<div class=\"cards\">");
        string[] values = [N(o.Members), N(o.Active), N(o.WithKnowledgeBase), N(o.CoveragePercent) + "%", N(o.GainedTotal)];
        foreach (var (value, label) in values.Zip(l.Cards)) Card(sb, value, label);
        sb.Append("</div>\n");
    }

    private static void Card(StringBuilder sb, string value, string label) =>
        sb.Append("<div class=\"card\"><b>").Append(E(value)).Append("</b>").Append(E(label)).Append("</div>");

    private static void Ranking(StringBuilder sb, string team, ProgressRanking ranking, DashboardLabels l, RenderLabels words)
    {
        if (ranking.Rows.Count == 0) return;
        sb.Append("<h2>").Append(E(l.RankingHeading)).Append("</h2>\n").Append(Html.WideStart).Append("<table id=\"ranking\">\n")
            .Header([.. l.RankingColumns])
            .Append("<tbody>\n");
        foreach (var r in ranking.Rows)
        {
            sb.Append("<tr><td class=\"num\">").Append(N(r.Rank)).Append("</td><td><a href=\"").Append(ExpertUrl(team, r.Slug)).Append("\">")
                .Append(E(r.Name)).Append("</a></td><td>").Append(E(r.Program)).Append("</td><td class=\"num\">").Append(N(r.Progress))
                .Append("% <span class=\"muted\">(").Append(N(r.Done)).Append('/').Append(N(r.Total)).Append(")</span>");
            if (r.Claimed is { } claimed) sb.Append(" <span class=\"muted\">").Append(E(l.Claimed(claimed))).Append("</span>");
            sb.Append("</td><td><span class=\"stars\" title=\"").Append(E(words.LevelReasonText(r.Level, r.LevelReason))).Append("\">").Append(ExpertiseLevel.Stars(r.Level))
                .Append("</span></td><td class=\"num\">").Append(E(r.ChangeText)).Append("</td></tr>\n");
        }
        sb.Append(Html.WideEnd).Append("<img class=\"chart\" src=\"").Append(TeamUrl(team)).Append("/progress.svg\" alt=\"").Append(E(l.ProgressChartAlt)).Append("\">\n");
    }
}
