using System.Net;
using KnowledgeOs.Hosting;
using KnowledgeOs.Server;
using KnowledgeOs.Server.Auth;
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
/// What the keyed caller's request (<c>Authorization: Bearer</c>, the path of <c>bench/http.sh KEY=1</c>) allocates in
/// our authentication, authorization, rate limit and log scope beyond what the local caller's does: bytes on the current
/// thread (<see cref="ThreadAllocation"/>), over a real server's services and a real key in its SQLite file.
/// </summary>
public sealed class KeyedRequestPathAllocationTests
{
    /// <summary>Long enough that a measured request finds its key cached, as every request but one in a second does.</summary>
    private static KosServerOptions Cached(KosServerOptions options) => options with { KeyCacheTime = TimeSpan.FromMinutes(5) };

    [Fact]
    public async Task Authenticating_a_known_key_allocates_no_more_than_the_local_callers_authentication()
    {
        await using var local = await ApiServer.StartAsync(Cached);
        var (keyed, keys) = await ApiServer.StartWithKeysAsync(Cached, ("alpha", "write"));
        await using var _ = keyed;

        var localBytes = AuthenticationBytes(local, null);
        var keyedBytes = AuthenticationBytes(keyed, keys[0]);

        Assert.True(keyedBytes <= localBytes, $"authenticating a key allocated {keyedBytes} B, the local caller {localBytes} B");
    }

    [Fact]
    public async Task A_keyed_POST_is_authorized_without_authenticating_its_policys_schemes_again()
    {
        var (server, keys) = await ApiServer.StartWithKeysAsync(Cached, ("alpha", "write"));
        await using var _ = server;
        var policy = await LearnPolicyAsync(server);
        var context = await AuthenticatedPostAsync(server, keys[0]);
        var evaluator = context.RequestServices.GetRequiredService<IPolicyEvaluator>();

        var (result, bytes) = ThreadAllocation.Of(() => evaluator.AuthenticateAsync(policy, context));

        Assert.Same(context.User, (await result).Principal);
        Assert.True(bytes == 0, $"the policy's schemes authenticated again: {bytes} B");
    }

    [Fact]
    public async Task Authorizing_a_keyed_caller_allocates_nothing()
    {
        var (server, keys) = await ApiServer.StartWithKeysAsync(Cached, ("alpha", "write"));
        await using var _ = server;
        var http = await AuthenticatedPostAsync(server, keys[0]);
        var handler = new AccessRequirementHandler();
        var contexts = new Queue<AuthorizationHandlerContext>(Enumerable.Range(0, 2).Select(_ =>
            new AuthorizationHandlerContext([new AccessRequirement(), new ScopeRequirement("read"), new ScopeRequirement("write")], http.User, http)));

        var (context, bytes) = ThreadAllocation.Of(() =>
        {
            var next = contexts.Dequeue();
            handler.HandleAsync(next);
            return next;
        });

        Assert.True(context.HasSucceeded);
        Assert.True(bytes == 0, $"authorizing a key allocated {bytes} B");
    }

    [Fact]
    public async Task A_keyed_caller_is_still_refused_another_teams_address_and_a_scope_it_lacks()
    {
        var (server, keys) = await ApiServer.StartWithKeysAsync(Cached, ("alpha", "read"));
        await using var _ = server;
        var http = await AuthenticatedPostAsync(server, keys[0]);
        var handler = new AccessRequirementHandler();
        async Task<AuthorizationHandlerContext> Authorize(IAuthorizationRequirement requirement, string team)
        {
            http.Request.RouteValues["team"] = team;
            var context = new AuthorizationHandlerContext([requirement], http.User, http);
            await handler.HandleAsync(context);
            return context;
        }

        Assert.True((await Authorize(new ScopeRequirement("read"), "alpha")).HasSucceeded);
        var write = await Authorize(new ScopeRequirement("write"), "alpha");
        Assert.Equal(StatusCodes.Status403Forbidden, Assert.IsType<AccessRefusal>(Assert.Single(write.FailureReasons)).Status);
        var otherTeam = await Authorize(new AccessRequirement(), "beta");
        Assert.Equal(StatusCodes.Status404NotFound, Assert.IsType<AccessRefusal>(Assert.Single(otherTeam.FailureReasons)).Status);
    }

    [Fact]
    public async Task The_caller_log_scope_of_a_key_is_built_once_with_its_caller_not_per_request()
    {
        // The scope's state is what a request of a key allocated for it (a dictionary each); its async frame is the
        // framework's (and, in this Debug build, a class), so the state is compared, not the bytes.
        var scopes = new ScopeRecorder();
        var services = new ServiceCollection().AddSingleton<Microsoft.Extensions.Logging.ILogger<ApiKeyAuthenticationHandler>>(scopes).BuildServiceProvider();
        var app = new ApplicationBuilder(services);
        app.UseCallerLogScope();
        app.Run(_ => Task.CompletedTask);
        var pipeline = app.Build();
        var caller = new Caller(Key());
        for (var i = 0; i < 2; i++)
        {
            var context = new DefaultHttpContext { RequestServices = services };
            context.Features.Set(caller);
            await pipeline(context);
        }

        Assert.Equal(2, scopes.States.Count);
        Assert.Same(scopes.States[0], scopes.States[1]);
        Assert.Equal(["KeyId=k1", "Team=alpha"], ((IEnumerable<KeyValuePair<string, object?>>)scopes.States[0]).Select(p => $"{p.Key}={p.Value}"));
    }

    [Fact]
    public void The_key_rate_limit_allocates_nothing_for_a_keyed_request_within_its_limit()
    {
        var services = new ServiceCollection().AddSingleton(new KosServerOptions()).BuildServiceProvider();
        var app = new ApplicationBuilder(services);
        app.UseKeyRateLimit();
        var pending = new TaskCompletionSource();
        app.Run(_ => pending.Task);
        var pipeline = app.Build();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Features.Set(new Caller(Key()));

        var (task, bytes) = ThreadAllocation.Of(() => pipeline(context));

        Assert.False(task.IsCompleted);
        Assert.True(bytes == 0, $"the rate limit allocated {bytes} B");
    }

    private static ApiKey Key() => new("k1", "alpha", "bot", ["write"], DateTimeOffset.UnixEpoch, null);

    /// <summary>Bytes of the default scheme's authentication of a POST (as <c>UseAuthentication</c> does it), with or without a key.</summary>
    private static long AuthenticationBytes(ApiServer server, string? key)
    {
        // A context each: a request's handlers and their results are its own (its scope's).
        var contexts = new Queue<HttpContext>(Enumerable.Range(0, 3).Select(_ => Post(server, key)));
        contexts.Dequeue().AuthenticateAsync().GetAwaiter().GetResult();   // the key loaded into the cache, whatever JIT is left
        var (result, bytes) = ThreadAllocation.Of(() => contexts.Dequeue().AuthenticateAsync());
        Assert.True(result.IsCompletedSuccessfully && result.Result.Succeeded, "not authenticated");
        return bytes;
    }

    /// <summary>A POST of a report that went through <c>UseAuthentication</c>: its user and its result on the request.</summary>
    private static async Task<HttpContext> AuthenticatedPostAsync(ApiServer server, string key)
    {
        var context = Post(server, key);
        var authenticated = await context.AuthenticateAsync();
        Assert.True(authenticated.Succeeded);
        context.User = authenticated.Principal!;
        context.Features.Set<IAuthenticateResultFeature>(new AuthenticateResultFeature(authenticated));
        return context;
    }

    private static HttpContext Post(ApiServer server, string? key)
    {
        var context = new DefaultHttpContext { RequestServices = server.App.Services.CreateScope().ServiceProvider };
        context.Request.Method = HttpMethods.Post;
        context.Request.Host = new HostString("127.0.0.1:5000");
        context.Request.Path = "/api/v1/teams/alpha/reports";
        context.Request.RouteValues["team"] = "alpha";
        context.Connection.LocalIpAddress = IPAddress.Loopback;
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        if (key is not null) context.Request.Headers.Authorization = "Bearer " + key;
        context.SetEndpoint(LearnEndpoint(server));
        return context;
    }

    private static RouteEndpoint LearnEndpoint(ApiServer server) =>
        server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == "LearnReport");

    private static async Task<AuthorizationPolicy> LearnPolicyAsync(ApiServer server)
    {
        var endpoint = LearnEndpoint(server);
        var policy = await AuthorizationPolicy.CombineAsync(server.App.Services.GetRequiredService<IAuthorizationPolicyProvider>(),
            endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>());
        Assert.Contains(DashboardCookieAuthenticationHandler.SchemeName, policy!.AuthenticationSchemes);
        return policy;
    }

    /// <summary>A logger that keeps the state of each scope begun (the real console logger formats it).</summary>
    private sealed class ScopeRecorder : Microsoft.Extensions.Logging.ILogger<ApiKeyAuthenticationHandler>
    {
        public List<object> States { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            States.Add(state);
            return null;
        }

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
        }
    }

    private sealed class AuthenticateResultFeature(AuthenticateResult result) : IAuthenticateResultFeature
    {
        public AuthenticateResult? AuthenticateResult { get; set; } = result;
    }
}
