using System.Net;
using System.Security.Claims;
using KnowledgeOs.Server.Auth;
using KnowledgeOs.Server.Idempotency;
using KnowledgeOs.Tests.Support;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeOs.Tests.Api;

/// <summary>
/// What our own middleware and authorization handler allocate on the local caller's request (no keys, loopback), the
/// path every POST of <c>bench/http.sh</c> takes: bytes on the current thread, measured around a synchronous call
/// whose next step has not finished (as a POST's endpoint has not when the middleware returns).
/// </summary>
public sealed class RequestPathAllocationTests
{
    [Fact]
    public void The_caller_log_scope_allocates_nothing_for_a_request_without_a_key()
    {
        var app = new ApplicationBuilder(Services());
        app.UseCallerLogScope();
        var pending = new TaskCompletionSource();
        app.Run(_ => pending.Task);
        var pipeline = app.Build();
        var context = LocalPost();

        var (task, bytes) = ThreadAllocation.Of(() => pipeline(context));

        Assert.False(task.IsCompleted);
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void The_idempotency_middleware_allocates_nothing_for_a_request_without_the_header()
    {
        var pending = new TaskCompletionSource();
        var middleware = new IdempotencyMiddleware(_ => pending.Task);
        var context = LocalPost();

        var (task, bytes) = ThreadAllocation.Of(() => middleware.InvokeAsync(context));

        Assert.False(task.IsCompleted);
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void Authorizing_the_local_caller_allocates_nothing()
    {
        var handler = new AccessRequirementHandler();
        var http = LocalPost();
        // Two requests' authorizations (a measured call consumes its context's requirements), as the endpoint of a POST report needs them.
        var contexts = new Queue<AuthorizationHandlerContext>(Enumerable.Range(0, 2).Select(_ =>
            new AuthorizationHandlerContext([new AccessRequirement(), new ScopeRequirement("read"), new ScopeRequirement("write")], CallerPrincipal.Local, http)));

        var (context, bytes) = ThreadAllocation.Of(() =>
        {
            var next = contexts.Dequeue();
            handler.HandleAsync(next);
            return next;
        });

        Assert.True(context.HasSucceeded);
        Assert.Equal(0, bytes);
    }

    [Fact]
    public async Task A_local_POST_is_authorized_without_authenticating_its_policys_schemes_again()
    {
        await using var server = await ApiServer.StartAsync();
        var endpoint = server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == "LearnReport");
        var policy = await AuthorizationPolicy.CombineAsync(server.App.Services.GetRequiredService<IAuthorizationPolicyProvider>(),
            endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>());
        Assert.Contains(DashboardCookieAuthenticationHandler.SchemeName, policy!.AuthenticationSchemes);
        using var scope = server.App.Services.CreateScope();
        var context = LocalPost();
        context.RequestServices = scope.ServiceProvider;
        context.Connection.LocalIpAddress = IPAddress.Loopback;
        context.SetEndpoint(endpoint);
        // What UseAuthentication does before authorization: the default scheme's result on the request.
        var authenticated = await context.AuthenticateAsync();
        context.User = authenticated.Principal!;
        context.Features.Set<IAuthenticateResultFeature>(new AuthenticateResultFeature(authenticated));
        var evaluator = scope.ServiceProvider.GetRequiredService<IPolicyEvaluator>();

        var (result, bytes) = ThreadAllocation.Of(() => evaluator.AuthenticateAsync(policy, context));

        Assert.Same(CallerPrincipal.Local, (await result).Principal);
        Assert.Equal(0, bytes);
    }

    [Fact]
    public async Task The_local_caller_is_refused_by_a_host_or_origin_not_on_loopback_and_a_keyed_principal_by_its_claims()
    {
        var handler = new AccessRequirementHandler();
        async Task<bool> Allowed(HttpContext http, ClaimsPrincipal user)
        {
            var context = new AuthorizationHandlerContext([new AccessRequirement(), new ScopeRequirement("write")], user, http);
            await handler.HandleAsync(context);
            return context.HasSucceeded;
        }
        var rebound = LocalPost();
        rebound.Request.Host = new HostString("evil.example:8080");
        var crossSite = LocalPost();
        crossSite.Request.Headers.Origin = "https://evil.example";
        var local = LocalPost();
        local.Request.Headers.Origin = "http://localhost:3000";
        var reader = new ClaimsPrincipal(new ClaimsIdentity([new Claim(AccessClaims.KeyId, "k1"), new Claim(AccessClaims.Team, "default"), new Claim(AccessClaims.Scope, "read")], "ApiKey"));
        var writer = new ClaimsPrincipal(new ClaimsIdentity([new Claim(AccessClaims.KeyId, "k2"), new Claim(AccessClaims.Team, "default"), new Claim(AccessClaims.Scope, "write")], "ApiKey"));
        var localByClaims = new ClaimsPrincipal(new ClaimsIdentity([new Claim(AccessClaims.Local, "true")], "ApiKey"));

        Assert.False(await Allowed(rebound, CallerPrincipal.Local));
        Assert.False(await Allowed(crossSite, CallerPrincipal.Local));
        Assert.True(await Allowed(local, CallerPrincipal.Local));
        Assert.True(await Allowed(LocalPost("[::1]:5000"), localByClaims));
        Assert.False(await Allowed(LocalPost(), reader));
        Assert.True(await Allowed(LocalPost(), writer));
        Assert.False(await Allowed(LocalPost(), new ClaimsPrincipal(new ClaimsIdentity())));
    }

    private sealed class AuthenticateResultFeature(AuthenticateResult result) : IAuthenticateResultFeature
    {
        public AuthenticateResult? AuthenticateResult { get; set; } = result;
    }

    private static ServiceProvider Services() =>
        new ServiceCollection().AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>)).BuildServiceProvider();

    /// <summary>A POST of a report by the local caller, on a loopback host, without an idempotency key.</summary>
    private static DefaultHttpContext LocalPost(string host = "127.0.0.1:5000")
    {
        var context = new DefaultHttpContext { RequestServices = Services() };
        context.Request.Method = HttpMethods.Post;
        context.Request.Host = new HostString(host);
        context.Request.Path = "/api/v1/teams/default/reports";
        context.Features.Set(Caller.Local);
        return context;
    }
}
