using KnowledgeOs.Server.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace KnowledgeOs.Server.Auth;

/// <summary>
/// Answers a refused request with its problem: the first <see cref="AccessRefusal"/> (host, origin, team, then scope,
/// in the order the policy's requirements were checked). A missing or bad key is the scheme's challenge.
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
        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
