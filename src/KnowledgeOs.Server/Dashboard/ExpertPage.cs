using System.Text;
using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Metrics;
using KnowledgeOs.Rendering;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Server.Auth;
using KnowledgeOs.Server.Hosting;
using KnowledgeOs.Server.Http;
using KnowledgeOs.Server.Knowledge;
using KnowledgeOs.Storage;
using static KnowledgeOs.Server.Dashboard.Html;

namespace KnowledgeOs.Server.Dashboard;

/// <summary>
/// <c>/ui/teams/{team}/experts/{slug}</c>: one expert's profile, computed metrics and what the next level needs, and
/// the knowledge base rendered as the Markdown document (<c>?lang=en</c> for English headings) shown as HTML.
/// </summary>
public sealed class ExpertPage(DashboardCache cache)
{
    /// <summary>GET the page.</summary>
    public async Task<IResult> Get(string team, string slug, string? asOf, string? recordedAsOf, Caller caller,
        KnowledgeService service, RenderCache markdown, ProjectionGenerationWatch generation, HttpContext http, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        Queries.Slug(slug, "slug");
        var language = await PageLanguage.ResolveAsync(http, team, ct);
        var l = DashboardLabels.For(language);
        var at = Queries.PointOfView(asOf, recordedAsOf);
        var seen = generation.Current; // before the load, as in KnowledgeApi
        var snapshot = await service.GetAsync(team, slug, at, ct);
        var s = snapshot.State;
        var m = ExpertMetrics.Of(s);
        var stream = new StreamId(team, slug);
        string Render() => MarkdownRenderer.Render(s, new RenderOptions(language));
        // The caches hold the current version only; a past point of view is rendered each time.
        var html = at is not null ? KnowledgeHtml.ToHtml(Render())
            : cache.Knowledge(stream, snapshot.Version, seen, language, () => KnowledgeHtml.ToHtml(Encoding.UTF8.GetString(
                markdown.Get(stream, snapshot, seen, language, () => Encoding.UTF8.GetBytes(Render())))));

        var sb = new StringBuilder(html.Length + 4096);
        if (at is not null)
            sb.Append("<p class=\"muted\" id=\"as-of\">").Append(E(l.PastView(s.DisplayName, at))).Append(" · <a href=\"")
                .Append(ExpertUrl(team, slug)).Append("\">").Append(E(l.Now)).Append("</a></p>\n");
        sb.Append("<p class=\"profile\"><span class=\"role\"").Append(Lang(s.Role, language)).Append('>').Append(E(s.Role)).Append("</span>");
        if (s.Project.Length > 0) sb.Append(" · ").Append(E(s.Project));
        sb.Append(" · ").Append(E(l.ExpertStatus(s.Status))).Append(" · <span class=\"muted\">").Append(E(s.Slug)).Append("</span></p>\n");
        if (s.Responsibility.Length > 0) sb.Append("<p").Append(Lang(s.Responsibility, language)).Append('>').Append(E(s.Responsibility)).Append("</p>\n");
        if (s.Tags.Count > 0) sb.Append("<p class=\"muted\">").Append(E(l.Tags)).Append(": ").Append(E(string.Join(", ", s.Tags))).Append("</p>\n");
        sb.Append("<p><a href=\"").Append(ExpertUrl(team, slug)).Append("/history\">").Append(E(l.HistoryLink(snapshot.Version))).Append("</a> · ")
            .Append("<a href=\"/api/v1/teams/").Append(U(team)).Append("/experts/").Append(U(slug)).Append("/knowledge.md?lang=")
            .Append(PageLanguage.Code(language)).Append("\">").Append(E(l.Markdown)).Append("</a></p>\n");

        // The document's own title (now an h2) heads the section; its language is the one it was rendered in, or its text's.
        var documentLanguage = language == RenderLanguage.Ru ? "ru" : LanguageOf(html);
        sb.Append("<div class=\"columns\">\n<section>\n<article class=\"knowledge\" id=\"knowledge\" lang=\"").Append(documentLanguage).Append("\">\n")
            .Append(html).Append("</article>\n</section>\n<aside>\n<h2>").Append(E(l.Metrics)).Append("</h2>\n").Append(Html.WideStart).Append("<table id=\"metrics\">\n<tbody>\n");
        string[] values =
        [
            $"{m.Level} {ExpertiseLevel.Stars(m.Level)}",
            RenderLabels.For(language).LevelLine(m.Evidence),
            N(m.TasksCompleted),
            N(m.Successful) + (m.SuccessRate is { } rate ? $" ({N(rate)}%)" : ""),
            N(m.ErrorsFixed),
            $"{N(m.KnowledgeConfirmed)} / {N(m.KnowledgeGained - m.KnowledgeConfirmed)}",
            N(m.ProblemsSolved),
            N(m.Publications),
            N(m.Mentees),
            N(m.Innovations),
            Time(s.LastUpdate),
        ];
        foreach (var (name, value) in l.MetricNames.Zip(values)) Metric(sb, name, value);
        sb.Append(Html.WideEnd);
        Suspects(sb, s, l);
        var needs = ExpertiseLevel.NextLevelNeeds(m);
        if (needs.Count > 0)
        {
            sb.Append("<h2>").Append(E(l.ForLevel(m.Level + 1))).Append("</h2>\n<ul>");
            foreach (var need in needs) sb.Append("<li>").Append(E(l.LevelNeed(need))).Append("</li>");
            sb.Append("</ul>\n");
        }
        sb.Append("</aside>\n</div>\n");
        return new HtmlPage(s.DisplayName, team, sb.ToString(), caller);
    }

    // Items used in repeated failed tasks, beside the metrics so they are seen without scrolling the knowledge base.
    private static void Suspects(StringBuilder sb, ExpertState s, DashboardLabels l)
    {
        var suspects = s.Items.Values.Where(i => i.IsActive && Usefulness.IsSuspect(i)).OrderBy(i => i.Order).ToList();
        if (suspects.Count == 0) return;
        sb.Append("<h2>").Append(E(l.Suspect)).Append("</h2>\n<ul id=\"suspects\">");
        foreach (var i in suspects)
        {
            sb.Append("<li>").Append(E(i.Text)).Append(" <span class=\"muted\">(<code>").Append(E(i.Id)).Append("</code>: ")
                .Append(E(l.SuspectCounts(Usefulness.Failures(i), Usefulness.Successes(i))))
                .Append(" <code>kos item retract ").Append(E(s.Slug)).Append(' ').Append(E(i.Id)).Append(" --reason …</code>)</span></li>");
        }
        sb.Append("</ul>\n");
    }

    private static void Metric(StringBuilder sb, string name, string value) =>
        sb.Append("<tr><th scope=\"row\">").Append(E(name)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");
}
