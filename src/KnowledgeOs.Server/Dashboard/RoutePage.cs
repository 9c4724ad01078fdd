using System.Globalization;
using System.Text;
using KnowledgeOs.Application;
using KnowledgeOs.Rendering;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Server.Auth;
using KnowledgeOs.Server.Http;
using static KnowledgeOs.Server.Dashboard.Html;

namespace KnowledgeOs.Server.Dashboard;

/// <summary>
/// <c>/ui/teams/{team}/route?task=</c>: who should take this task, by the same routing as <c>POST /route</c>
/// (<see cref="ExpertRouting"/>), each expert with the reason (worded as <c>kos route</c> words it, <see cref="CliLabels.RouteWhy"/>). A GET form: it reads, so the login cookie may carry it.
/// </summary>
public static class RoutePage
{
    /// <summary>Experts shown.</summary>
    public const int Top = 5;

    /// <summary>GET the page.</summary>
    public static Task<IResult> Get(string team, string? task, Caller caller, RetrievalService retrieval,
        HttpContext http, CancellationToken ct)
        => new FormPage<IReadOnlyList<RoutedExpert>>(
            (sb, l) => sb.Append("<form class=\"inline\" method=\"get\" action=\"").Append(TeamUrl(team)).Append("/route\">")
                .Append("<textarea name=\"task\" rows=\"3\" maxlength=\"").Append(N(TaskQuery.MaxLength)).Append("\" placeholder=\"").Append(E(l.DescribeTask)).Append("\" aria-label=\"").Append(E(l.Task)).Append("\">")
                .Append(E(task)).Append("</textarea><button type=\"submit\">").Append(E(l.WhoShouldTakeIt)).Append("</button></form>\n"),
            l => l.RouteNav,
            token => retrieval.RouteAsync(team, task!, null, Top, token),
            (sb, experts, language) => Answer(sb, team, experts, language)).RenderAsync(team, task, caller, http, ct);

    private static string Answer(StringBuilder sb, string team, IReadOnlyList<RoutedExpert> experts, RenderLanguage language)
    {
        var l = DashboardLabels.For(language);
        if (experts.Count == 0) sb.Append("<p class=\"muted\">").Append(E(l.NobodyMatches)).Append("</p>\n");
        else
        {
            sb.Append(Html.WideStart).Append("<table id=\"route\">\n").Header([.. l.RouteColumns]).Append("<tbody>\n");
            foreach (var r in experts)
            {
                sb.Append("<tr><td class=\"num\">").Append(N(r.Rank)).Append("</td><td><a href=\"").Append(ExpertUrl(team, r.Expert)).Append("\">")
                    .Append(E(r.DisplayName)).Append("</a></td><td>").Append(E(r.Role)).Append("</td><td>").Append(N(r.Level)).Append("</td><td class=\"num\">")
                    .Append(r.Score.ToString("0.###", CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(CliLabels.For(language).RouteWhy(r))).Append("</td></tr>\n");
            }
            sb.Append(Html.WideEnd);
        }
        return l.RouteNav;
    }
}
