using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using KnowledgeOs.Hosting;
using KnowledgeOs.Server.Dashboard;
using KnowledgeOs.Server.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KnowledgeOs.Server.Auth;

/// <summary>
/// The API key scheme. A key comes as <c>Authorization: Bearer</c> (or <c>X-Api-Key</c>), or, on the dashboard's
/// reads once keys exist, in its login cookie (<see cref="DashboardCookie"/>). Without any key ever created, a request
/// that arrived on a loopback address is the local caller (<see cref="Caller.Local"/>). The challenge is a 401
/// problem (a 429 while the address is throttled for guessing), or for a browser on the dashboard the login form.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyAuthenticator authenticator, InvalidKeyThrottle throttle)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "ApiKey";

    private enum Refusal { None, Missing, Invalid, InvalidCookie, Throttled }

    private Refusal _refusal = Refusal.Missing;

    /// <inheritdoc/>
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Endpoints anyone may call never look at a key: a wrong one there must not count against the address.
        if (Context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null) return AuthenticateResult.NoResult();
        var ct = Context.RequestAborted;
        var presented = PresentedKey(Request);
        // The dashboard's login cookie stands in for the header on reads, and only once keys exist: a cookie left
        // from another database must not lock a loopback user out while authentication is off.
        var fromCookie = false;
        if (presented is null && DashboardCookie.Read(Request) is { } cookie && await authenticator.KeysExistAsync(ct))
        {
            presented = cookie;
            fromCookie = true;
        }
        if (presented is null)
        {
            if (await authenticator.KeysExistAsync(ct) || !IsLoopback(Context.Connection.LocalIpAddress)) return AuthenticateResult.NoResult();
            Context.Features.Set(Caller.Local);
            return Success(new Claim(AccessClaims.Local, "true"), new Claim(ClaimTypes.NameIdentifier, "local"));
        }
        var remote = Context.Connection.RemoteIpAddress;
        if (throttle.IsBlocked(remote))
        {
            // Checked before the key, valid or not: an address guessing keys learns nothing until its window ends.
            _refusal = Refusal.Throttled;
            return AuthenticateResult.Fail("Too many invalid keys from this address.");
        }
        var key = await authenticator.AuthenticateAsync(presented, ct);
        if (key is null)
        {
            throttle.Fail(remote);
            // The id only, never the key: the log must not become a list of secrets.
            Logger.LogInformation("Refused an unknown or revoked API key {KeyId} from {Remote}", ApiKeyStore.IdOf(presented) ?? "(malformed)", remote);
            _refusal = fromCookie ? Refusal.InvalidCookie : Refusal.Invalid;
            return AuthenticateResult.Fail("The API key is not valid or was revoked.");
        }
        _refusal = Refusal.None;
        Context.Features.Set(new Caller(key));
        // NameIdentifier: the MCP SDK binds a stateful /mcp session to its caller and refuses an identity without one.
        return Success([new Claim(ClaimTypes.NameIdentifier, "key:" + key.Id), new Claim(AccessClaims.KeyId, key.Id), new Claim(AccessClaims.Team, key.Team), .. key.Scopes.Select(s => new Claim(AccessClaims.Scope, s))]);
    }

    /// <inheritdoc/>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        switch (_refusal)
        {
            case Refusal.Throttled:
                Response.Headers.RetryAfter = throttle.RetryAfter;
                await ProblemWriter.WriteAsync(Context, StatusCodes.Status429TooManyRequests, "Too many requests",
                    "Too many requests with an invalid API key came from this address; retry after the Retry-After seconds.", "Authorization");
                return;
            case Refusal.InvalidCookie:
                // A revoked key in the browser: forget it, and ask for another on a page (the feed just gets its 401).
                DashboardCookie.Clear(Context);
                if (DashboardCookie.IsDashboard(Request.Path))
                {
                    DashboardCookie.RedirectToLogin(Context);
                    return;
                }
                await Unauthorized("The API key is not valid or was revoked.");
                return;
            case Refusal.Invalid:
                await Unauthorized("The API key is not valid or was revoked.");
                return;
            default:
                if (DashboardCookie.IsDashboard(Request.Path) && HttpMethods.IsGet(Request.Method))
                {
                    DashboardCookie.RedirectToLogin(Context);
                    return;
                }
                await Unauthorized("An API key is required: send it as 'Authorization: Bearer <key>' (create one with kos keys create).");
                return;
        }
    }

    private AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));

    private Task Unauthorized(string detail)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return ProblemWriter.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized", detail, "Authorization");
    }

    private static string? PresentedKey(HttpRequest request)
    {
        var auth = request.Headers.Authorization.ToString();
        if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return auth[7..].Trim() is { Length: > 0 } k ? k : null;
        return request.Headers["X-Api-Key"].ToString() is { Length: > 0 } x ? x.Trim() : null;
    }

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}

/// <summary>The claims the API key scheme issues.</summary>
public static class AccessClaims
{
    /// <summary>The caller is the local user (no keys exist, loopback).</summary>
    public const string Local = "kos:local";
    /// <summary>The key's id.</summary>
    public const string KeyId = "kos:key";
    /// <summary>The key's team.</summary>
    public const string Team = "kos:team";
    /// <summary>One scope of the key (read, write, admin).</summary>
    public const string Scope = "kos:scope";
}
