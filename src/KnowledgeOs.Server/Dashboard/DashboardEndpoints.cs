using KnowledgeOs.Server.Hosting;
using System.Text;
using KnowledgeOs.Application;
using KnowledgeOs.Hosting;
using KnowledgeOs.Rendering;
using KnowledgeOs.Server.Auth;
using KnowledgeOs.Storage;
using static KnowledgeOs.Server.Dashboard.Html;

namespace KnowledgeOs.Server.Dashboard;

/// <summary>
/// The server-rendered web dashboard under <c>/ui</c>: plain HTML pages (one file each in this folder), one stylesheet,
/// one script for the live events. Access is the API's: a read key for the route's team (from the login cookie), or
/// nothing on loopback while no key exists.
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>Maps every dashboard page, the login and the assets.</summary>
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        DashboardAssets.Map(app);
        LoginPage.Map(app);
        app.MapGet("/ui", Index).RequireCaller().ExcludeFromDescription().AddEndpointFilter(ShowErrors);
        // One cache per server (each test starts its own): the pages that show the team view hold it, and every page's
        // language comes from its view (PageLanguage).
        var cache = app.ServiceProvider.GetRequiredService<DashboardCache>();
        var charts = new TeamCharts(cache);
        var team = app.MapGroup("/ui/teams/{team}").RequireScope(ApiKeyScopes.Read).ExcludeFromDescription().AddEndpointFilter(ShowErrors);
        team.MapGet("/", new OverviewPage(cache).Get);
        team.MapGet("/experts/{slug}", new ExpertPage(cache).Get);
        team.MapGet("/experts/{slug}/history", HistoryPage.Get);
        team.MapGet("/search", SearchPage.Get);
        team.MapGet("/route", RoutePage.Get);
        team.MapGet("/skill-matrix.svg", charts.SkillMatrix);
        team.MapGet("/progress.svg", charts.Progress);
        return app;
    }

    /// <summary>GET /ui: the caller's team, or the teams to choose from when authentication is off.</summary>
    public static async Task<IResult> Index(Caller caller, IEventStore store, HttpContext http, CancellationToken ct)
    {
        var l = DashboardLabels.For(await PageLanguage.ResolveAsync(http, null, ct));
        if (caller.Key is { } key) return TypedResults.Redirect(TeamUrl(key.Team));
        var teams = await store.TeamsAsync(ct);
        if (teams.Count == 1) return TypedResults.Redirect(TeamUrl(teams[0]));
        var sb = new StringBuilder();
        if (teams.Count == 0) sb.Append("<p>").Append(E(l.NoTeams)).Append("</p>\n");
        else
        {
            sb.Append("<ul id=\"teams\">");
            foreach (var t in teams) sb.Append("<li><a href=\"").Append(TeamUrl(t)).Append("\">").Append(E(t)).Append("</a></li>");
            sb.Append("</ul>\n");
        }
        return new HtmlPage(l.Teams, null, sb.ToString(), caller);
    }

    /// <summary>Bad input and missing things as a page naming the field, not as problem+json: a person is reading.</summary>
    private static async ValueTask<object?> ShowErrors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var caller = context.HttpContext.Features.Get<Caller>();
        var http = context.HttpContext;
        var team = http.Request.RouteValues["team"] as string;
        try
        {
            return await next(context);
        }
        catch (InputException e)
        {
            var l = await ErrorLabelsAsync(http, team);
            return Error(l.BadRequest, Problem(e, l), team, caller, StatusCodes.Status400BadRequest);
        }
        catch (NotFoundException e)
        {
            var l = await ErrorLabelsAsync(http, team);
            return Error(l.NotFound, Problem(e, l), team, caller, StatusCodes.Status404NotFound);
        }
    }

    // The error page in the page's language (Html.Problem: the catalog's lead, the domain's message as the detail).
    private static async Task<DashboardLabels> ErrorLabelsAsync(HttpContext http, string? team)
    {
        var slug = team is not null && IsSlug(team) ? team : null;
        return DashboardLabels.For(await PageLanguage.TryResolveAsync(http, slug, http.RequestAborted));
    }

    private static HtmlPage Error(string title, string problemHtml, string? team, Caller? caller, int status)
    {
        // A team slug that failed validation is not linked to.
        var safeTeam = team is not null && IsSlug(team) ? team : null;
        return new HtmlPage(title, safeTeam, problemHtml, caller, status);
    }

    private static bool IsSlug(string value)
    {
        try
        {
            KnowledgeOs.Experts.ExpertDecider.ValidateSlug(value, "team");
            return true;
        }
        catch (InputException)
        {
            return false;
        }
    }
}
