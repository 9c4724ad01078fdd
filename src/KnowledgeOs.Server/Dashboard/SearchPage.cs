using System.Globalization;
using System.Text;
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
    public static async Task<IResult> Get(string team, string? q, Caller caller, ISearchIndex index, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        var sb = new StringBuilder();
        sb.Append("<form class=\"inline\" method=\"get\" action=\"").Append(TeamUrl(team)).Append("/search\" role=\"search\">")
            .Append("<input type=\"search\" name=\"q\" value=\"").Append(E(q)).Append("\" placeholder=\"Words in any form, Russian or English\" aria-label=\"Search\">")
            .Append("<button type=\"submit\">Search</button></form>\n");
        if (string.IsNullOrWhiteSpace(q)) return new HtmlPage("Search", team, sb.ToString(), caller);
        IReadOnlyList<SearchHit> hits;
        try
        {
            hits = await index.SearchAsync(new SearchQuery(team, q, Limit: Shown), ct);
        }
        catch (InputException e)
        {
            sb.Append("<p class=\"error\" role=\"alert\">").Append(E(e.Message)).Append("</p>\n");
            return new HtmlPage("Search", team, sb.ToString(), caller, StatusCodes.Status400BadRequest);
        }
        sb.Append("<p class=\"muted\">").Append(N(hits.Count)).Append(hits.Count == Shown ? "+" : "").Append(" items match ‘").Append(E(q)).Append("’.</p>\n");
        if (hits.Count > 0)
        {
            sb.Append(Html.WideStart).Append("<table id=\"hits\">\n").Header("Expert", "Section", "Item", "Confirmations", "Score").Append("<tbody>\n");
            foreach (var h in hits)
            {
                sb.Append("<tr><td><a href=\"").Append(ExpertUrl(team, h.Expert)).Append("\">").Append(E(h.Expert)).Append("</a></td><td>")
                    .Append(E(h.Section.Code())).Append("</td><td>").Append(E(h.Text)).Append("</td><td class=\"num\">").Append(N(h.Confirmations))
                    .Append("</td><td class=\"num\">").Append(h.Score.ToString("0.###", CultureInfo.InvariantCulture)).Append("</td></tr>\n");
            }
            sb.Append(Html.WideEnd);
        }
        return new HtmlPage($"Search: {q}", team, sb.ToString(), caller);
    }
}
