using System.Text;
using KnowledgeOs.Rendering;
using KnowledgeOs.Server.Auth;
using static KnowledgeOs.Server.Dashboard.Html;

namespace KnowledgeOs.Server.Dashboard;

/// <summary>
/// A dashboard page as an HTTP result: the shared shell (navigation, stylesheet, the one script file) around a body,
/// with the headers that keep a page from running anything it did not come with.
/// </summary>
/// <param name="Title">The page's title (plain text; encoded here).</param>
/// <param name="Team">The team the navigation links to, if the page belongs to one.</param>
/// <param name="Body">The page's body, already HTML.</param>
/// <param name="Caller">Who is looking: a key holder gets a log-out button.</param>
/// <param name="Status">The HTTP status.</param>
public sealed record HtmlPage(string Title, string? Team, string Body, Caller? Caller = null, int Status = StatusCodes.Status200OK) : IResult
{
    /// <summary>No inline script or style, nothing from elsewhere, no framing; forms post only here.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <inheritdoc/>
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = Status;
        response.ContentType = "text/html; charset=utf-8";
        SecureHeaders(response, ContentSecurityPolicy);
        // Pages show what a key may read: never kept by a shared cache or the browser's back-forward store.
        response.Headers.CacheControl = "no-store";
        await response.WriteAsync(Render(PageLanguage.Current(httpContext), httpContext.Request), httpContext.RequestAborted);
    }

    /// <summary>The headers every dashboard response carries.</summary>
    public static void SecureHeaders(HttpResponse response, string policy)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ContentSecurityPolicy = policy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        // same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" on form posts, and the login checks it.
        response.Headers["Referrer-Policy"] = "same-origin";
    }

    /// <summary>The whole document, its chrome in <paramref name="language"/>; the RU | EN switch links back to <paramref name="request"/>'s page.</summary>
    public string Render(RenderLanguage language, HttpRequest? request = null)
    {
        var l = DashboardLabels.For(language);
        var sb = new StringBuilder(Body.Length + 2048);
        sb.Append("<!DOCTYPE html>\n<html lang=\"").Append(PageLanguage.Code(language)).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(Title)).Append(" · KnowledgeOS</title>\n")
            .Append("<link rel=\"icon\" href=\"").Append(DashboardAssets.Icon).Append("\" type=\"image/svg+xml\">\n")
            .Append("<link rel=\"stylesheet\" href=\"").Append(DashboardAssets.Css).Append("\">\n")
            .Append("<script src=\"").Append(DashboardAssets.Script).Append("\" defer></script>\n")
            .Append("</head>\n<body>\n<header class=\"top\"><nav>\n<a class=\"brand\" href=\"/ui\">KnowledgeOS</a>\n");
        if (Team is { } team)
        {
            sb.Append("<a href=\"").Append(TeamUrl(team)).Append("\">").Append(E(team)).Append("</a>\n")
                .Append("<a href=\"").Append(TeamUrl(team)).Append("/search\">").Append(E(l.Search)).Append("</a>\n")
                .Append("<a href=\"").Append(TeamUrl(team)).Append("/route\">").Append(E(l.RouteNav)).Append("</a>\n")
                .Append("<form class=\"search\" method=\"get\" action=\"").Append(TeamUrl(team)).Append("/search\" role=\"search\">")
                .Append("<input type=\"search\" name=\"q\" placeholder=\"").Append(E(l.SearchPlaceholder)).Append("\" aria-label=\"").Append(E(l.SearchPlaceholder)).Append("\"></form>\n");
        }
        if (Caller?.Key is { } key)
        {
            sb.Append("<form class=\"logout\" method=\"post\" action=\"/ui/logout\"><span>").Append(E(key.Name))
                .Append("</span> <button type=\"submit\">").Append(E(l.LogOut)).Append("</button></form>\n");
        }
        Switch(sb, language, l, request);
        sb.Append("</nav></header>\n<main>\n<h1").Append(Lang(Title, language)).Append('>').Append(E(Title)).Append("</h1>\n")
            .Append(Body)
            .Append("\n</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    // RU | EN on every page: the same page with lang= replaced; the page's own language is marked current.
    private static void Switch(StringBuilder sb, RenderLanguage language, DashboardLabels l, HttpRequest? request)
    {
        sb.Append("<span class=\"lang-switch\" id=\"lang-switch\" role=\"group\" aria-label=\"").Append(E(l.LanguageSwitch)).Append("\">");
        foreach (var (code, other) in new[] { ("ru", RenderLanguage.Ru), ("en", RenderLanguage.En) })
        {
            if (code == "en") sb.Append(" | ");
            sb.Append("<a href=\"").Append(E(Here(request, code))).Append("\" hreflang=\"").Append(code).Append("\" lang=\"").Append(code).Append('"')
                .Append(other == language ? " aria-current=\"true\"" : "").Append('>').Append(code.ToUpperInvariant()).Append("</a>");
        }
        sb.Append("</span>\n");
    }

    private static string Here(HttpRequest? request, string code)
    {
        if (request is null) return "?lang=" + code;
        var query = request.Query.Where(q => !string.Equals(q.Key, "lang", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => U(q.Key) + "=" + U(v))).Append("lang=" + code);
        return request.PathBase + request.Path + "?" + string.Join("&", query);
    }
}
