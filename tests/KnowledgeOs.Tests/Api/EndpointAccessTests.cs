using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeOs.Tests.Api;

public sealed class EndpointAccessTests
{
    [Fact]
    public async Task Every_mapped_endpoint_names_its_policy_or_is_explicitly_anonymous()
    {
        await using var server = await ApiServer.StartAsync();
        var endpoints = server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.True(endpoints.Count >= 30, $"only {endpoints.Count} endpoints found");

        var open = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null
                && !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is { Length: > 0 })
                && e.Metadata.GetMetadata<AuthorizationPolicy>() is null)
            .Select(e => $"{string.Join(",", e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])} {e.RoutePattern.RawText}")
            .ToList();

        Assert.True(open.Count == 0, "endpoints with neither an authorization policy nor AllowAnonymous:\n" + string.Join("\n", open));
    }

    [Fact]
    public async Task Every_team_endpoint_requires_a_scope_policy()
    {
        await using var server = await ApiServer.StartAsync();
        var teamEndpoints = server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/teams/{team}", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(teamEndpoints);

        var scopes = new HashSet<string>(KnowledgeOs.Hosting.ApiKeyScopes.All, StringComparer.Ordinal);
        var unscoped = teamEndpoints.Where(e => !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is { } p && scopes.Contains(p)))
            .Select(e => e.RoutePattern.RawText).ToList();

        Assert.Empty(unscoped);
    }

    [Fact]
    public async Task A_path_no_endpoint_claims_still_needs_a_key_once_keys_exist()
    {
        var (server, keys) = await ApiServer.StartWithKeysAsync(("alpha", "read"));
        await using var _ = server;
        using var anonymous = server.NewClient(null);
        using var keyed = server.NewClient(keys[0]);

        using var withoutKey = await anonymous.GetAsync("api/v1/no-such-thing");
        using var withKey = await keyed.GetAsync("api/v1/no-such-thing");

        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, withKey.StatusCode);
    }
}
