using System.Text;
using KnowledgeOs.Application;
using KnowledgeOs.Rendering;
using KnowledgeOs.Server.Auth;
using KnowledgeOs.Server.Http;
using KnowledgeOs.Server.Items;
using KnowledgeOs.Storage;
using static KnowledgeOs.Server.Dashboard.Html;

namespace KnowledgeOs.Server.Dashboard;

/// <summary><c>/ui/teams/{team}/experts/{slug}/history</c>: the expert's events, newest first (the latest <see cref="Shown"/>), with when each happened and when it was recorded; <c>?asOf=</c> or <c>?recordedAsOf=</c> keeps those of a past point of view.</summary>
public static class HistoryPage
{
    /// <summary>Events shown at most; the API pages through all of them.</summary>
    public const int Shown = 500;

    /// <summary>GET the page.</summary>
    public static async Task<IResult> Get(string team, string slug, string? asOf, string? recordedAsOf, Caller caller, KnowledgeService service,
        HttpContext http, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        Queries.Slug(slug, "slug");
        var language = await PageLanguage.ResolveAsync(http, team, ct);
        var l = DashboardLabels.For(language);
        var at = Queries.PointOfView(asOf, recordedAsOf);
        var all = await service.HistoryAsync(team, slug, ct);
        IReadOnlyList<StoredEvent> events = at is null ? all : [.. all.Where(at.Includes)];
        var state = (await service.GetAsync(team, slug, null, ct)).State;
        var sb = new StringBuilder();
        sb.Append("<p><a href=\"").Append(ExpertUrl(team, slug)).Append("\">").Append(E(l.BackToKnowledge)).Append("</a> · ").Append(E(l.Events(events.Count)))
            .Append(" · <a href=\"/api/v1/teams/").Append(U(team)).Append("/experts/").Append(U(slug)).Append("/history\">").Append(E(l.AsJson)).Append("</a></p>\n")
            .Append(Html.WideStart).Append("<table id=\"history\">\n").Header([.. l.HistoryColumns]).Append("<tbody>\n");
        foreach (var e in events.Reverse().Take(Shown))
        {
            var view = EventView.Of(e);
            var what = RecentEvents.Summary(view.Data, state, language);
            sb.Append("<tr><td class=\"num\">").Append(N(e.Version)).Append("</td><td>").Append(E(Time(e.Event.At))).Append("</td><td>").Append(E(Time(e.RecordedAt))).Append("</td><td>")
                .Append(E(l.EventName(RecentEvents.ShortType(e.Type)))).Append("</td><td").Append(Lang(what, language)).Append('>').Append(E(what)).Append("</td><td>")
                .Append(E(e.Event.Source)).Append("</td></tr>\n");
        }
        sb.Append(Html.WideEnd);
        return new HtmlPage(l.HistoryTitle(slug), team, sb.ToString(), caller);
    }
}
