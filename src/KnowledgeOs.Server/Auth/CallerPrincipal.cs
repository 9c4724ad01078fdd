using System.Collections.ObjectModel;
using System.Security.Claims;
using KnowledgeOs.Hosting;
using Microsoft.AspNetCore.Authentication;

namespace KnowledgeOs.Server.Auth;

/// <summary>
/// A principal of the API key scheme built once and shared by every request of its caller: the local caller's
/// (<see cref="Local"/>: no keys exist, a loopback request), or a key's, built by <see cref="ApiKeyAuthenticator"/> each time it loads the key, so
/// changed scopes or a revocation take effect at the next load (within <see cref="KosServerOptions.KeyCacheTime"/>).
/// Each request still has its key checked against the stored hash before it is given this principal.
/// </summary>
/// <remarks>
/// It carries the <see cref="Caller"/> it was built from, so authorization reads the key's team and scopes without
/// searching claims, and the scheme's answer as a finished task. Shared across requests, so nothing may change it: the
/// ticket's properties are read-only dictionaries (only a sign-in writes any, and this server has none), and nothing in
/// the server adds identities or claims to a request's user (<c>CallerPrincipalTests</c> checks the principals after requests).
/// </remarks>
internal sealed class CallerPrincipal : ClaimsPrincipal
{
    private CallerPrincipal(Caller caller, Claim[] claims) : base(new ClaimsIdentity(claims, ApiKeyAuthenticationHandler.SchemeName))
    {
        Caller = caller;
        Authenticated = Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(this,
            new AuthenticationProperties(ReadOnlyDictionary<string, string?>.Empty, ReadOnlyDictionary<string, object?>.Empty),
            ApiKeyAuthenticationHandler.SchemeName)));
    }

    /// <summary>Who it is: <see cref="Caller.Local"/>, or the key as loaded.</summary>
    public Caller Caller { get; }

    /// <summary>The API key scheme's answer for this caller, as a finished task.</summary>
    public Task<AuthenticateResult> Authenticated { get; }

    /// <summary>
    /// The local caller's: the local claim, and a name (the MCP SDK binds a session to its caller's NameIdentifier). The
    /// same for every such request, which otherwise built a principal, an identity, two claims, a ticket, its properties
    /// and a result to say so.
    /// </summary>
    public static CallerPrincipal Local { get; } =
        new(Caller.Local, [new Claim(AccessClaims.Local, "true"), new Claim(ClaimTypes.NameIdentifier, "local")]);

    /// <summary>A key's, with the claims of <see cref="KeyClaims"/>.</summary>
    public static CallerPrincipal Of(ApiKey key) => new(new Caller(key), KeyClaims(key));

    /// <summary>The claims of a valid key, whichever scheme found it.</summary>
    public static Claim[] KeyClaims(ApiKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        // NameIdentifier: the MCP SDK binds a stateful /mcp session to its caller and refuses an identity without one.
        return [new Claim(ClaimTypes.NameIdentifier, "key:" + key.Id), new Claim(AccessClaims.KeyId, key.Id), new Claim(AccessClaims.Team, key.Team),
            .. key.Scopes.Select(s => new Claim(AccessClaims.Scope, s))];
    }
}
