using System.Text.Encodings.Web;
using KnowledgeOs.Server.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KnowledgeOs.Server.Auth;

/// <summary>
/// The dashboard's scheme: the key in its login cookie (<see cref="DashboardCookie"/>), read on GET and HEAD only and
/// only once keys exist (a cookie left from another database must not lock a loopback user out while authentication is
/// off). A key in a header wins: the cookie is then not looked at. The challenge sends a browser on a dashboard page to
/// the login form (303) and drops a cookie whose key is no longer valid; elsewhere it is the 401 problem. Forbid is the
/// handler's default 403.
/// </summary>
public sealed class DashboardCookieAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyAuthenticator authenticator, InvalidKeyThrottle throttle)
    : KeyAuthenticationHandler(options, logger, encoder, authenticator, throttle)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "DashboardCookie";

    /// <inheritdoc/>
    /// <remarks>
    /// Not an async method: every write (no cookie is read but on GET and HEAD), and a read without the cookie, is answered
    /// with a finished task before the headers are looked at again for a key.
    /// </remarks>
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        IsAnonymousEndpoint || DashboardCookie.Read(Request) is not { } cookie || ApiKeyAuthenticationHandler.PresentedKey(Request) is not null
            ? NoResult
            : VerifyWhenKeysExistAsync(cookie);

    private async Task<AuthenticateResult> VerifyWhenKeysExistAsync(string cookie) =>
        await Authenticator.KeysExistAsync(Context.RequestAborted) ? await VerifyAsync(cookie.AsMemory()) : AuthenticateResult.NoResult();

    /// <inheritdoc/>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var page = DashboardCookie.IsDashboard(Request.Path);
        switch (Refused)
        {
            case Refusal.Throttled:
                return TooManyRequests();
            case Refusal.Invalid:
                // A revoked key in the browser: forget it, and ask for another on a page (the feed just gets its 401).
                DashboardCookie.Clear(Context);
                if (!page) return Unauthorized(InvalidKey);
                DashboardCookie.RedirectToLogin(Context);
                return Task.CompletedTask;
            default:
                if (!page || !HttpMethods.IsGet(Request.Method)) return Unauthorized(MissingKey);
                DashboardCookie.RedirectToLogin(Context);
                return Task.CompletedTask;
        }
    }
}
