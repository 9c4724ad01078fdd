using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace KnowledgeOs.Server.Auth;

/// <summary>
/// The framework's policy evaluator, except for a caller the API key scheme answered with its shared principal (the
/// local caller, or a key in a header): its policy's schemes are not authenticated again.
/// </summary>
/// <remarks>
/// A policy that names schemes has each authenticated again after <c>UseAuthentication</c> (the cookie scheme's handler
/// made for every request, the API key's result wrapped anew) and the principals merged into a new ticket: ≈ 1.2–1.3 KB
/// on every POST. When the API key scheme gave a <see cref="CallerPrincipal"/> the answer is known: the cookie scheme
/// gives nothing beside it (it is not read while no key exists, nor when a key came in a header, nor on a write), so
/// the merge would be that principal alone. So when <c>UseAuthentication</c> put one on the request and the policy names
/// only these two schemes, that result stands. Anything else (the dashboard's cookie) goes through the framework.
/// </remarks>
public sealed class CallerPolicyEvaluator(IAuthorizationService authorization) : PolicyEvaluator(authorization)
{
    /// <inheritdoc/>
    public override Task<AuthenticateResult> AuthenticateAsync(AuthorizationPolicy policy, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(context);
        return context.User is CallerPrincipal caller && NamesOnlyKeySchemes(policy.AuthenticationSchemes)
            && context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult is { Succeeded: true } authenticated
            && ReferenceEquals(authenticated.Principal, caller)
                ? caller.Authenticated
                : base.AuthenticateAsync(policy, context);
    }

    private static bool NamesOnlyKeySchemes(IReadOnlyList<string> schemes)
    {
        var apiKey = false;
        for (var i = 0; i < schemes.Count; i++) // not foreach: the interface's enumerator would be boxed
        {
            var scheme = schemes[i];
            if (scheme == ApiKeyAuthenticationHandler.SchemeName) apiKey = true;
            else if (scheme != DashboardCookieAuthenticationHandler.SchemeName) return false;
        }
        return apiKey;
    }
}
