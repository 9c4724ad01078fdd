using System.Text;
using KnowledgeOs.Hosting;
using KnowledgeOs.Rendering;
using KnowledgeOs.Server.Auth;
using static KnowledgeOs.Server.Dashboard.Html;

namespace KnowledgeOs.Server.Dashboard;

/// <summary>
/// <c>/ui/login</c>: the browser presents an API key once (read scope or more) and keeps it in an HttpOnly cookie;
/// <c>/ui/logout</c> forgets it. Both are public: they only check a key the user types.
/// </summary>
public static class LoginPage
{
    /// <summary>Maps the login form, its post and the log-out.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/ui/login", Form).ExcludeFromDescription().AllowAnonymous();
        app.MapPost("/ui/login", LogIn).ExcludeFromDescription().AllowAnonymous().DisableAntiforgery();
        app.MapPost("/ui/logout", LogOut).ExcludeFromDescription().AllowAnonymous().DisableAntiforgery();
    }

    /// <summary>GET the form.</summary>
    public static IResult Form(string? next, HttpContext http) => Page(http, next, null, StatusCodes.Status200OK);

    /// <summary>POST a key.</summary>
    public static async Task<IResult> LogIn(HttpContext http, ApiKeyAuthenticator authenticator, CancellationToken ct)
    {
        if (!SameOrigin(http.Request))
            return Page(http, null, l => l.LoginForeignPage, StatusCodes.Status403Forbidden);
        if (!http.Request.HasFormContentType)
            return Page(http, null, l => l.LoginSendForm, StatusCodes.Status400BadRequest);
        var form = await http.Request.ReadFormAsync(ct);
        var next = form["next"].ToString();
        var presented = form["key"].ToString().Trim();
        if (presented.Length == 0) return Page(http, next, l => l.LoginEnterKey + KeyField(l), StatusCodes.Status400BadRequest);
        if (!await authenticator.KeysExistAsync(ct))
            return Page(http, next, l => l.LoginNoKeys, StatusCodes.Status400BadRequest);
        var key = (await authenticator.AuthenticateAsync(presented.AsMemory(), ct))?.Caller.Key;
        if (key is null) return Page(http, next, l => l.LoginBadKey + KeyField(l), StatusCodes.Status401Unauthorized);
        if (!ApiKeyScopes.Allows(key.Scopes, ApiKeyScopes.Read))
            return Page(http, next, l => l.LoginCannotRead + KeyField(l), StatusCodes.Status403Forbidden);
        DashboardCookie.Write(http, presented);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Redirect(LocalTarget(next) ?? TeamUrl(key.Team));
    }

    /// <summary>POST log-out.</summary>
    public static IResult LogOut(HttpContext http)
    {
        // Another site's page could otherwise log this browser out behind the user's back.
        if (!SameOrigin(http.Request))
            return Page(http, null, l => l.LogOutForeignPage, StatusCodes.Status403Forbidden);
        DashboardCookie.Clear(http);
        return TypedResults.Redirect("/ui/login");
    }

    /// <summary>Where to go after logging in: a dashboard address on this server, never another site.</summary>
    internal static string? LocalTarget(string? next) =>
        next is { Length: > 0 and < 2000 } n && n.StartsWith("/ui", StringComparison.Ordinal) && !n.StartsWith("/ui/login", StringComparison.Ordinal)
            && !n.Contains('\\', StringComparison.Ordinal) && !n.Contains("//", StringComparison.Ordinal) && !n.Any(char.IsControl)
            ? n
            : null;

    /// <summary>A browser names the page a form came from (Origin, Sec-Fetch-Site); another site's page may not log this browser in or out.</summary>
    private static bool SameOrigin(HttpRequest request)
    {
        // Sec-Fetch-Site is set by the browser and cannot be forged by a page; "none" is the user typing the address.
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none")) return false;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0 || origin == "null") return origin.Length == 0;
        return Uri.TryCreate(origin, UriKind.Absolute, out var o)
            && string.Equals(o.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    // The refusals name the form's field, as every error does.
    // The field a refusal names: the form field's name on an English page, the key box's label on a Russian one.
    private static string KeyField(DashboardLabels l) => l.Language == RenderLanguage.En ? $" ({l.Field} 'key')" : $" ({l.Field} «{l.ApiKey}»)";

    // In the page's language (?lang= or the kos_lang cookie; the login belongs to no team yet, so Russian, the project's default, else).
    private static HtmlPage Page(HttpContext http, string? next, Func<DashboardLabels, string>? error, int status)
    {
        var l = DashboardLabels.For(PageLanguage.Current(http));
        var sb = new StringBuilder();
        if (error is not null) sb.Append("<p class=\"error\" role=\"alert\">").Append(E(error(l))).Append("</p>\n");
        sb.Append("<form class=\"login\" method=\"post\" action=\"/ui/login\">\n")
            .Append("<p>").Append(E(l.LoginNeedsKey)).Append(" (<code>kos keys create --team TEAM --scope read</code>). ")
            .Append(E(l.LoginKeptUntilLogOut)).Append("</p>\n")
            .Append("<label for=\"key\">").Append(E(l.ApiKey)).Append("</label>\n")
            .Append("<input id=\"key\" name=\"key\" type=\"password\" autocomplete=\"off\" required>\n")
            .Append("<input type=\"hidden\" name=\"next\" value=\"").Append(E(LocalTarget(next) ?? "")).Append("\">\n")
            .Append("<button type=\"submit\">").Append(E(l.LogInButton)).Append("</button>\n</form>\n");
        return new HtmlPage(l.LogInTitle, null, sb.ToString(), null, status);
    }
}
