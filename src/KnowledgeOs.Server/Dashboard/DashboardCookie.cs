namespace KnowledgeOs.Server.Dashboard;

/// <summary>
/// The browser's key: a browser cannot send <c>Authorization</c> on a navigation, so the login form stores the key in an
/// HttpOnly, SameSite=Strict cookie (Secure over HTTPS). Its own scheme (<see cref="Auth.DashboardCookieAuthenticationHandler"/>) reads it on GET and HEAD only: the dashboard
/// only reads, and a write must still carry the key in a header, so the cookie can never be used to change anything.
/// </summary>
public static class DashboardCookie
{
    /// <summary>The cookie's name.</summary>
    public const string Name = "kos_key";

    /// <summary>The key in the cookie when the request may use it (GET or HEAD), else null.</summary>
    public static string? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)) return null;
        return request.Cookies.TryGetValue(Name, out var value) && value is { Length: > 0 } ? value : null;
    }

    /// <summary>Stores the key for the browser's later requests.</summary>
    public static void Write(HttpContext context, string key)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Append(Name, key, Options(context));
    }

    /// <summary>Forgets the key.</summary>
    public static void Clear(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Cookies.Delete(Name, Options(context));
    }

    /// <summary>True for the dashboard's pages (a browser there gets the login form instead of a 401).</summary>
    public static bool IsDashboard(PathString path) => path.StartsWithSegments("/ui", StringComparison.OrdinalIgnoreCase);

    /// <summary>Sends a browser without a usable key to the login form, to come back here after.</summary>
    public static void RedirectToLogin(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var back = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = "/ui/login?next=" + Uri.EscapeDataString(back);
        context.Response.Headers.CacheControl = "no-store";
    }

    private static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        IsEssential = true,
    };
}
