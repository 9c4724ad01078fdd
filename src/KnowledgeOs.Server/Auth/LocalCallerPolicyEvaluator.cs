using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace KnowledgeOs.Server.Auth;

/// <summary>
/// The framework's policy evaluator, except for the local caller: its policy's schemes are not authenticated again.
/// </summary>
/// <remarks>
/// A policy that names schemes has each authenticated again after <c>UseAuthentication</c> (the cookie scheme's handler
/// made for every request, the API key's result wrapped anew) and the principals merged into a new ticket: ≈ 1.3 KB on
/// every POST. For the local caller the answer is known: the API key scheme gave it, and the cookie scheme gives nothing
/// while no key exists (and on a write, ever). So when <c>UseAuthentication</c> put <see cref="LocalCaller.Principal"/> on
/// the request and the policy names only these two schemes, that result stands. Keyed callers go through the framework.
/// </remarks>
public sealed class LocalCallerPolicyEvaluator(IAuthorizationService authorization) : PolicyEvaluator(authorization)
{
    /// <inheritdoc/>
    public override Task<AuthenticateResult> AuthenticateAsync(AuthorizationPolicy policy, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(context);
        return ReferenceEquals(context.User, LocalCaller.Principal) && NamesOnlyKeySchemes(policy.AuthenticationSchemes)
            && context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult is { Succeeded: true } local
            && ReferenceEquals(local.Principal, LocalCaller.Principal)
                ? LocalCaller.Authenticated
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
