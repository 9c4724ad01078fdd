using System.Text;
using KnowledgeOs.Application;
using KnowledgeOs.Server.Http;
using KnowledgeOs.Storage;
using KnowledgeOs.Team;

namespace KnowledgeOs.Server.Dashboard;

/// <summary>
/// The team's pictures as the CLI writes them (<see cref="TeamSvg"/>), served as images: an <c>img</c> never runs
/// what an SVG holds, and the response's CSP forbids it when opened directly.
/// </summary>
public sealed class TeamCharts(DashboardCache cache)
{
    /// <summary>GET the skill matrix.</summary>
    public async Task<IResult> SkillMatrix(string team, KnowledgeService service, IEventStore store, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var overview = await OverviewAsync(team, service, store, time, ct);
        return Svg(http, TeamSvg.SkillMatrix(overview.Matrix, overview.Team));
    }

    /// <summary>GET the progress ranking.</summary>
    public async Task<IResult> Progress(string team, KnowledgeService service, IEventStore store, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var overview = await OverviewAsync(team, service, store, time, ct);
        return Svg(http, TeamSvg.Ranking(overview.Ranking));
    }

    private async Task<TeamOverview> OverviewAsync(string team, KnowledgeService service, IEventStore store, TimeProvider time, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        return (await OverviewPage.ViewAsync(cache, team, service, store, time, ct)).Overview;
    }

    private static IResult Svg(HttpContext http, string svg)
    {
        HtmlPage.SecureHeaders(http.Response, "default-src 'none'; style-src 'unsafe-inline'");
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Bytes(Encoding.UTF8.GetBytes(svg), "image/svg+xml; charset=utf-8");
    }
}
