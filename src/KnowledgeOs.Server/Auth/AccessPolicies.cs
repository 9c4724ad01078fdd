using KnowledgeOs.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace KnowledgeOs.Server.Auth;

/// <summary>
/// The authorization policies: one per scope (<c>read</c>, <c>write</c>, <c>admin</c>) and <see cref="Caller"/> for
/// endpoints any authenticated caller may use. Each authenticates with the API key scheme (the reads and the caller
/// policy also with the dashboard's cookie scheme, so a logged-in browser reads pages, the JSON they link and the live
/// feed; writes never name the cookie scheme) and requires
/// <see cref="AccessRequirement"/> (the local caller's host and origin, the key's team) plus its scope. The caller
/// policy is also the fallback, so a request no endpoint claims (a 404, 405 or 415 the router answers) still needs a key.
/// </summary>
public static class AccessPolicies
{
    /// <summary>Any authenticated caller, whatever the key's scopes.</summary>
    public const string Caller = "caller";

    /// <summary>Registers the scheme, the policies and the handlers that write their refusals.</summary>
    public static IServiceCollection AddKosAccess(this IServiceCollection services)
    {
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, DashboardCookieAuthenticationHandler>(DashboardCookieAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Caller, Policy(null, ReadSchemes))
            .AddPolicy(ApiKeyScopes.Read, Policy(ApiKeyScopes.Read, ReadSchemes))
            .AddPolicy(ApiKeyScopes.Write, Policy(ApiKeyScopes.Write, ApiKeyAuthenticationHandler.SchemeName))
            .AddPolicy(ApiKeyScopes.Admin, Policy(ApiKeyScopes.Admin, ApiKeyAuthenticationHandler.SchemeName))
            .SetFallbackPolicy(Policy(null, ReadSchemes));
        services.AddSingleton<IAuthorizationHandler, AccessRequirementHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessRefusalWriter>();
        // Transient, as the framework's own (it takes the authorization service, which is).
        services.AddTransient<IPolicyEvaluator, CallerPolicyEvaluator>();
        return services;
    }

    /// <summary>Requires the scope's policy (on top of the key's team matching the route's team).</summary>
    /// <remarks>The <see cref="ScopeRequirement"/> also stays on the endpoint's metadata, so what each endpoint needs can be listed.</remarks>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(scope).WithMetadata(new ScopeRequirement(scope));

    /// <summary>Requires an authenticated caller with any scope (on top of the team check).</summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Caller);

    /// <summary>The schemes of reads: a key in a header, else the dashboard's cookie (which that scheme reads on GET and HEAD only).</summary>
    private static readonly string[] ReadSchemes = [ApiKeyAuthenticationHandler.SchemeName, DashboardCookieAuthenticationHandler.SchemeName];

    private static AuthorizationPolicy Policy(string? scope, params string[] schemes)
    {
        var policy = new AuthorizationPolicyBuilder(schemes).AddRequirements(new AccessRequirement());
        if (scope is not null) policy.AddRequirements(new ScopeRequirement(scope));
        return policy.Build();
    }
}
