using System.Net;
using KnowledgeOs.Hosting;
using KnowledgeOs.Server.Dashboard;
using KnowledgeOs.Server.Problems;

namespace KnowledgeOs.Server.Auth;

/// <summary>
/// Authentication and team isolation for every request. Without any key ever created, a request that arrived
/// on a loopback address is served as <see cref="Caller.Local"/>; otherwise it needs a valid key (401), a key of
/// the route's team (404, so another team's data is never confirmed to exist) and the endpoint's scope (403).
/// A browser on the dashboard presents its key in the login cookie (<see cref="DashboardCookie"/>, reads only) and is
/// sent to the login form rather than answered 401.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyAuthenticator authenticator, InvalidKeyThrottle throttle, ILogger<ApiKeyMiddleware> log)
{
    /// <summary>Handles one request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<PublicEndpoint>() is not null)
        {
            await next(context);
            return;
        }
        var ct = context.RequestAborted;
        var presented = PresentedKey(context.Request);
        // The dashboard's login cookie stands in for the header on reads, and only once keys exist: a cookie left
        // from another database must not lock a loopback user out while authentication is off.
        var fromCookie = false;
        if (presented is null && DashboardCookie.Read(context.Request) is { } cookie && await authenticator.KeysExistAsync(ct))
        {
            presented = cookie;
            fromCookie = true;
        }
        if (presented is null && !await authenticator.KeysExistAsync(ct) && IsLoopback(context.Connection.LocalIpAddress))
        {
            // Without keys, a web page the user has open could reach the loopback server: by a rebound DNS name
            // (Host is not loopback) or by a cross-site form post (Origin is not loopback). Neither is served.
            if (!IsLoopbackName(context.Request.Host.Host))
            {
                await ProblemWriter.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden",
                    "Without API keys only requests addressed to a loopback host (127.0.0.1, localhost, [::1]) are served.", "Host");
                return;
            }
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
                && context.Request.Headers.Origin.ToString() is { Length: > 0 } origin
                && !(Uri.TryCreate(origin, UriKind.Absolute, out var o) && IsLoopbackName(o.Host)))
            {
                await ProblemWriter.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden",
                    "Without API keys, writes from a web page of another origin are refused.", "Origin");
                return;
            }
            context.Features.Set(Caller.Local);
            await next(context);
            return;
        }
        if (presented is null && DashboardCookie.IsDashboard(context.Request.Path) && HttpMethods.IsGet(context.Request.Method))
        {
            DashboardCookie.RedirectToLogin(context);
            return;
        }
        if (presented is null)
        {
            await Unauthorized(context, "An API key is required: send it as 'Authorization: Bearer <key>' (create one with kos keys create).");
            return;
        }
        var remote = context.Connection.RemoteIpAddress;
        if (throttle.IsBlocked(remote))
        {
            // Checked before the key, valid or not: an address guessing keys learns nothing until its window ends.
            context.Response.Headers.RetryAfter = throttle.RetryAfter;
            await ProblemWriter.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests",
                "Too many requests with an invalid API key came from this address; retry after the Retry-After seconds.", "Authorization");
            return;
        }
        var key = await authenticator.AuthenticateAsync(presented, ct);
        if (key is null)
        {
            throttle.Fail(remote);
            // The id only, never the key: the log must not become a list of secrets.
            log.LogInformation("Refused an unknown or revoked API key {KeyId} from {Remote}", ApiKeyStore.IdOf(presented) ?? "(malformed)", remote);
            if (fromCookie)
            {
                // A revoked key in the browser: forget it, and ask for another on a page (the feed just gets its 401).
                DashboardCookie.Clear(context);
                if (DashboardCookie.IsDashboard(context.Request.Path))
                {
                    DashboardCookie.RedirectToLogin(context);
                    return;
                }
            }
            await Unauthorized(context, "The API key is not valid or was revoked.");
            return;
        }
        context.Features.Set(new Caller(key));
        // From the path as well as the route: a request the router answers itself (415, 405) has no route values,
        // and must not tell another team's caller anything either.
        var team = context.Request.RouteValues["team"] as string ?? TeamInPath(context.Request.Path);
        if (team is not null && !string.Equals(team, key.Team, StringComparison.Ordinal))
        {
            await ProblemWriter.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", "Nothing exists at this address.", null);
            return;
        }
        if (endpoint?.Metadata.GetMetadata<ScopeRequirement>() is { } requirement)
        {
            if (!ApiKeyScopes.Allows(key.Scopes, requirement.Scope))
            {
                await ProblemWriter.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden",
                    $"This key has scope {string.Join(", ", key.Scopes)}; this request needs {requirement.Scope}.", "scope");
                return;
            }
        }
        using (log.BeginScope(new Dictionary<string, object> { ["KeyId"] = key.Id, ["Team"] = key.Team }))
        {
            await next(context);
        }
    }

    private static string? TeamInPath(PathString path)
    {
        const string prefix = "/api/v1/teams/";
        var value = path.Value ?? "";
        if (!value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return null;
        var rest = value[prefix.Length..];
        var cut = rest.IndexOf('/', StringComparison.Ordinal);
        return Uri.UnescapeDataString(cut < 0 ? rest : rest[..cut]);
    }

    private static string? PresentedKey(HttpRequest request)
    {
        var auth = request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return auth[7..].Trim() is { Length: > 0 } k ? k : null;
        return request.Headers["X-Api-Key"].ToString() is { Length: > 0 } x ? x.Trim() : null;
    }

    private static bool IsLoopbackName(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    private static Task Unauthorized(HttpContext context, string detail)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ProblemWriter.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", detail, "Authorization");
    }
}
