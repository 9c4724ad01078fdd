using System.Text;
using KnowledgeOs.Application;
using KnowledgeOs.Programs;
using KnowledgeOs.Server.Http;
using KnowledgeOs.Team;

namespace KnowledgeOs.Server.Dashboard;

/// <summary>
/// The team's pictures as the CLI writes them (<see cref="TeamSvg"/>), served as images: an <c>img</c> never runs
/// what an SVG holds, and the response's CSP forbids it when opened directly.
/// </summary>
public static class TeamCharts
{
    /// <summary>GET the skill matrix.</summary>
    public static async Task<IResult> SkillMatrix(string team, KnowledgeService service, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var overview = await OverviewAsync(team, service, time, ct);
        return Svg(http, TeamSvg.SkillMatrix(overview.Matrix, overview.Team));
    }

    /// <summary>GET the progress ranking.</summary>
    public static async Task<IResult> Progress(string team, KnowledgeService service, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        var ranking = await new LearningReports(service, ProgramCatalog.Builtin, time).RankingAsync(team, null, ct);
        return Svg(http, TeamSvg.Ranking(ranking));
    }

    private static async Task<TeamOverview> OverviewAsync(string team, KnowledgeService service, TimeProvider time, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        return await new LearningReports(service, ProgramCatalog.Builtin, time).OverviewAsync(team, null, ct);
    }

    private static IResult Svg(HttpContext http, string svg)
    {
        HtmlPage.SecureHeaders(http.Response, "default-src 'none'; style-src 'unsafe-inline'");
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Bytes(Encoding.UTF8.GetBytes(svg), "image/svg+xml; charset=utf-8");
    }
}
