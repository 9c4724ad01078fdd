using System.Collections.ObjectModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace KnowledgeOs.Server.Auth;

/// <summary>
/// The local caller's authentication (no keys exist, a loopback request), built once: it is the same for every such
/// request, which otherwise built a principal, an identity, two claims, a ticket, its properties and a result to say so.
/// </summary>
/// <remarks>
/// Shared across requests, so nothing may change it. The ticket's properties are read-only dictionaries: a write to them
/// (only a sign-in writes any, and this server has none) throws instead of reaching the next request. Nothing in the
/// server adds identities or claims to a request's user (<c>CallerPrincipalTests</c> checks the principal after requests).
/// </remarks>
internal static class LocalCaller
{
    /// <summary>The principal: the local claim, and a name (the MCP SDK binds a session to its caller's NameIdentifier).</summary>
    public static ClaimsPrincipal Principal { get; } = new(new ClaimsIdentity(
        [new Claim(AccessClaims.Local, "true"), new Claim(ClaimTypes.NameIdentifier, "local")], ApiKeyAuthenticationHandler.SchemeName));

    /// <summary>The API key scheme's answer for the local caller, as a finished task.</summary>
    public static Task<AuthenticateResult> Authenticated { get; } = Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(Principal,
        new AuthenticationProperties(ReadOnlyDictionary<string, string?>.Empty, ReadOnlyDictionary<string, object?>.Empty), ApiKeyAuthenticationHandler.SchemeName)));
}
