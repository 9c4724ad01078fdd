using KnowledgeOs.Server.Problems;
using KnowledgeOs.Server.Dashboard;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace KnowledgeOs.Server.Auth;

/// <summary>
/// Answers a refused request with its problem: the first <see cref="AccessRefusal"/> (host, origin, team, then scope,
/// in the order the policy's requirements were checked). A missing or bad key is the challenge of one scheme (each
/// writes a whole response): the one that refused a key, else the dashboard's cookie scheme on a dashboard page (the
/// login form), else the policy's first (the API key's 401).
/// </summary>
public sealed class AccessRefusalWriter : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    /// <inheritdoc/>
    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailureReasons.OfType<AccessRefusal>()
                .OrderByDescending(r => r.Status == StatusCodes.Status404NotFound).FirstOrDefault() is { } refusal)
            return ProblemWriter.WriteAsync(context, refusal.Status, refusal.Title, refusal.Message, refusal.Field);
        if (authorizeResult.Challenged && policy.AuthenticationSchemes.Count > 1) return ChallengeOneAsync(context, policy.AuthenticationSchemes);
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }

    private static async Task ChallengeOneAsync(HttpContext context, IReadOnlyList<string> schemes)
    {
        // Each scheme's result is the one the policy saw: a handler authenticates once per request.
        foreach (var scheme in schemes)
        {
            if ((await context.AuthenticateAsync(scheme)).Failure is not null)
            {
                await context.ChallengeAsync(scheme);
                return;
            }
        }
        var cookie = DashboardCookie.IsDashboard(context.Request.Path) && schemes.Contains(DashboardCookieAuthenticationHandler.SchemeName);
        await context.ChallengeAsync(cookie ? DashboardCookieAuthenticationHandler.SchemeName : schemes[0]);
    }
}
