using KnowledgeOs.Application;
using KnowledgeOs.Rendering;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Server.Dashboard;

/// <summary>
/// The language of a dashboard page: <c>?lang=ru|en</c> when given (and then kept in a cookie, so every later page
/// stays in it), else the cookie's, else the team's own (<see cref="TeamLanguage.Of"/>), else Russian, the project's
/// default. The chrome comes from <see cref="DashboardLabels"/> in it; the expert's document is rendered in it.
/// </summary>
public static class PageLanguage
{
    /// <summary>The cookie that keeps the chosen language.</summary>
    public const string Cookie = "kos_lang";

    private const string Key = "kos.page-language";

    /// <summary>Resolves the page's language, remembers it for the layout and keeps a chosen one in the cookie.</summary>
    /// <exception cref="InputException">A <c>lang</c> that is neither ru nor en, naming <c>lang</c>.</exception>
    public static async Task<RenderLanguage> ResolveAsync(HttpContext http, string? team, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        var language = Chosen(http, strict: true) ?? await TeamsAsync(http, team, ct);
        http.Items[Key] = language;
        return language;
    }

    /// <summary>The language already resolved for this request, or what the query and cookie say, or Russian (never throws: error pages use it).</summary>
    public static RenderLanguage Current(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Items[Key] as RenderLanguage? ?? Chosen(http, strict: false) ?? RenderLanguage.Ru;
    }

    /// <summary>Resolves without throwing, for error pages: a bad <c>lang</c> is passed over, an unreadable team gives Russian.</summary>
    public static async Task<RenderLanguage> TryResolveAsync(HttpContext http, string? team, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        RenderLanguage language;
        try
        {
            language = Chosen(http, strict: false) ?? await TeamsAsync(http, team, ct);
        }
        catch (KnowledgeOsException)
        {
            language = RenderLanguage.Ru;
        }
        http.Items[Key] = language;
        return language;
    }

    /// <summary>The <c>lang</c> value of a language.</summary>
    public static string Code(RenderLanguage language) => language == RenderLanguage.En ? "en" : "ru";

    private static RenderLanguage? Chosen(HttpContext http, bool strict)
    {
        var asked = http.Request.Query["lang"].ToString();
        if (asked.Length > 0)
        {
            RenderLanguage? parsed = strict ? RenderOptions.ParseLanguage(asked, "lang") : asked.Trim().ToLowerInvariant() switch
            {
                "ru" => RenderLanguage.Ru,
                "en" => RenderLanguage.En,
                _ => null,
            };
            if (parsed is { } p)
            {
                if (!http.Response.HasStarted)
                    http.Response.Cookies.Append(Cookie, Code(p), new CookieOptions
                    {
                        Path = "/ui", HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, MaxAge = TimeSpan.FromDays(365),
                    });
                return p;
            }
        }
        return http.Request.Cookies.TryGetValue(Cookie, out var kept) ? kept switch
        {
            "ru" => RenderLanguage.Ru,
            "en" => RenderLanguage.En,
            _ => null,
        } : null;
    }

    // The team's own, from the team view the overview keeps (DashboardCache, under the log's head and the projection
    // generation): every page of the team finds it without listing the team's experts while nothing changed.
    private static async Task<RenderLanguage> TeamsAsync(HttpContext http, string? team, CancellationToken ct)
    {
        if (team is null) return RenderLanguage.Ru;
        var services = http.RequestServices;
        var view = await OverviewPage.KeptAsync(services.GetRequiredService<DashboardCache>(), team, services.GetRequiredService<KnowledgeService>(),
            services.GetRequiredService<IEventStore>(), services.GetRequiredService<TimeProvider>(), ct);
        return TeamLanguage.Of(view.Experts.Select(s => s.State));
    }
}
