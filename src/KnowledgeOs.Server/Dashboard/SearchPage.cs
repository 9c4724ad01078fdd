using System.Globalization;
using System.Text;
using KnowledgeOs.Application;
using KnowledgeOs.Rendering;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Server.Auth;
using KnowledgeOs.Server.Http;
using KnowledgeOs.Server.Search;
using KnowledgeOs.Storage;
using static KnowledgeOs.Server.Dashboard.Html;

namespace KnowledgeOs.Server.Dashboard;

/// <summary><c>/ui/teams/{team}/search?q=</c>: full-text search over the team's items on the store's index (as <c>GET /search</c>).</summary>
public static class SearchPage
{
    /// <summary>Hits shown.</summary>
    public const int Shown = 50;

    /// <summary>GET the page.</summary>
    public static Task<IResult> Get(string team, string? q, Caller caller, ISearchIndex index,
        HttpContext http, CancellationToken ct)
        => new FormPage<IReadOnlyList<SearchHit>>(
            (sb, l) => sb.Append("<form class=\"inline\" method=\"get\" action=\"").Append(TeamUrl(team)).Append("/search\" role=\"search\">")
                .Append("<input type=\"search\" name=\"q\" value=\"").Append(E(q)).Append("\" placeholder=\"").Append(E(l.SearchHint)).Append("\" aria-label=\"").Append(E(l.Search)).Append("\">")
                .Append("<button type=\"submit\">").Append(E(l.Search)).Append("</button></form>\n"),
            l => l.Search,
            token => index.SearchAsync(new SearchQuery(team, q!, Limit: Shown), token),
            (sb, hits, language) => Answer(sb, team, q!, hits, language)).RenderAsync(team, q, caller, http, ct);

    private static string Answer(StringBuilder sb, string team, string q, IReadOnlyList<SearchHit> hits, RenderLanguage language)
    {
        var l = DashboardLabels.For(language);
        sb.Append("<p class=\"muted\">").Append(E(l.Matches(hits.Count, hits.Count == Shown, q))).Append("</p>\n");
        if (hits.Count > 0)
        {
            sb.Append(Html.WideStart).Append("<table id=\"hits\">\n").Header([.. l.SearchColumns]).Append("<tbody>\n");
            foreach (var h in hits)
            {
                sb.Append("<tr><td><a href=\"").Append(ExpertUrl(team, h.Expert)).Append("\">").Append(E(h.Expert)).Append("</a></td><td>")
                    .Append(E(h.Kind == SearchHitKind.Task ? h.ItemId : CliLabels.For(language).SectionLabel(h.SectionCode))).Append("</td><td>").Append(E(h.Text)).Append("</td><td class=\"num\">").Append(N(h.Confirmations))
                    .Append("</td><td class=\"num\">").Append(h.Score.ToString("0.###", CultureInfo.InvariantCulture)).Append("</td></tr>\n");
            }
            sb.Append(Html.WideEnd);
        }
        return l.SearchTitle(q);
    }
}
