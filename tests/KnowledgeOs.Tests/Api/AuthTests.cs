using System.Net;
using KnowledgeOs.Hosting;
using KnowledgeOs.Server;
using KnowledgeOs.Server.Hosting;
using KnowledgeOs.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeOs.Tests.Api;

public sealed class AuthTests
{
    /// <summary>Every team endpoint of the running server, as (method, path) with the team left as {team}.</summary>
    private static List<(string Method, string Path)> TeamEndpoints(ApiServer server) =>
        [.. server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/teams/{team}", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, e.RoutePattern.RawText!.TrimEnd('/')
                    .Replace("{slug}", "igor", StringComparison.Ordinal).Replace("{section}", "learned", StringComparison.Ordinal)
                    .Replace("{itemId}", "knowledge", StringComparison.Ordinal).Replace("{taskId}", "T-1", StringComparison.Ordinal))))];

    private static HashSet<string> ReadOnlyPosts(ApiServer server) =>
        [.. server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/teams/{team}", StringComparison.Ordinal) == true
                && e.Metadata.GetMetadata<KnowledgeOs.Server.Auth.ScopeRequirement>()?.Scope == KnowledgeOs.Hosting.ApiKeyScopes.Read
                && e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .Select(e => e.RoutePattern.RawText!.TrimEnd('/'))];

    private static HttpRequestMessage Request(string method, string path, string team) =>
        new(new HttpMethod(method), path.Replace("{team}", team, StringComparison.Ordinal).TrimStart('/'))
        {
            Content = method is "POST" or "PATCH"
                ? path.EndsWith("/import", StringComparison.Ordinal)
                    ? new MultipartFormDataContent { { new StringContent("# 📚 KNOWLEDGE BASE: Igor"), "files", "igor_knowledge.md" } }
                    : Http.Json(Http.Expert("igor"))
                : null,
        };

    [Fact]
    public async Task A_key_of_one_team_never_reads_or_writes_another_team_on_any_endpoint()
    {
        var (server, keys) = await ApiServer.StartWithKeysAsync(("alpha", "admin"), ("beta", "admin"));
        await using var _ = server;
        using var alpha = server.NewClient(keys[0]);
        using var beta = server.NewClient(keys[1]);
        await beta.OnboardAsync("beta", "igor");
        await beta.LearnAsync("beta", Http.Report("T-1", "igor", "Beta secret"));
        var endpoints = TeamEndpoints(server);
        Assert.True(endpoints.Count >= 20, $"only {endpoints.Count} endpoints found");

        foreach (var (method, path) in endpoints)
        {
            using var toBeta = await alpha.SendAsync(Request(method, path, "beta"));
            var problem = await toBeta.ProblemAsync(404);
            var text = problem.ToString();
            Assert.DoesNotContain("igor", text.Replace("/experts/igor", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("Beta secret", text, StringComparison.Ordinal);
            using var toNowhere = await alpha.SendAsync(Request(method, path, "ghost"));
            var nowhere = await toNowhere.ProblemAsync(404);
            // A team that exists and one that does not look the same to an outsider.
            Assert.Equal(nowhere.GetProperty("detail").GetString(), problem.GetProperty("detail").GetString());
        }
        var igor = await beta.GetJsonAsync("api/v1/teams/beta/experts/igor");
        Assert.Equal(3, igor.GetProperty("version").GetInt64());
        Assert.Equal(["beta"], (await beta.GetJsonAsync("api/v1/teams")).GetProperty("items").EnumerateArray().Select(t => t.GetString()));
        Assert.Empty((await alpha.GetJsonAsync("api/v1/teams")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Once_keys_exist_every_endpoint_needs_one()
    {
        var (server, _) = await ApiServer.StartWithKeysAsync(("alpha", "read"));
        await using var _1 = server;
        foreach (var (method, path) in TeamEndpoints(server))
        {
            using var response = await server.Client.SendAsync(Request(method, path, "alpha"));
            await response.ProblemAsync(401, "Authorization");
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
        using var forged = server.NewClient("kos_0123456789ab_notthesecret");
        using var refused = await forged.GetAsync("api/v1/teams/alpha/experts");
        await refused.ProblemAsync(401);
        using var live = await server.Client.GetAsync("health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var ready = await server.Client.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var openApi = await server.Client.GetAsync("openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
    }

    [Fact]
    public async Task A_key_without_the_scope_is_refused_with_403_on_every_write()
    {
        var (server, keys) = await ApiServer.StartWithKeysAsync(("alpha", "read"), ("alpha", "write"), ("alpha", "admin"));
        await using var _ = server;
        using var reader = server.NewClient(keys[0]);
        using var writer = server.NewClient(keys[1]);
        using var admin = server.NewClient(keys[2]);
        await admin.OnboardAsync("alpha", "igor");
        // Writes are what needs more than read; a POST that only asks (context, route) is a read.
        var reads = ReadOnlyPosts(server);
        var writes = TeamEndpoints(server).Where(e => e.Method != "GET" && !reads.Contains(e.Path)).ToList();
        Assert.NotEmpty(writes);
        foreach (var (method, path) in writes)
        {
            using var response = await reader.SendAsync(Request(method, path, "alpha"));
            await response.ProblemAsync(403, "scope");
        }
        using var onboard = await writer.PostAsync("api/v1/teams/alpha/experts", Http.Json(Http.Expert("anna")));
        await onboard.ProblemAsync(403, "scope");
        await writer.LearnAsync("alpha", Http.Report("T-1", "igor", "Alpha fact"));
        var item = await reader.GetJsonAsync("api/v1/teams/alpha/experts/igor/items");
        Assert.Equal(1, item.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task The_source_of_a_change_by_hand_is_the_key_name_and_the_client_cannot_set_it()
    {
        var (server, keys) = await ApiServer.StartWithKeysAsync(("alpha", "admin"));
        await using var _ = server;
        using var admin = server.NewClient(keys[0]);
        await admin.OnboardAsync("alpha", "igor");
        using var added = await admin.PostAsync("api/v1/teams/alpha/experts/igor/sections/learned/items", Http.Json(new { text = "Alpha fact" }));
        Assert.Equal("manual:alpha-admin", (await added.BodyAsync()).GetProperty("item").GetProperty("source").GetString());
    }

    [Fact]
    public async Task A_revoked_key_stops_working()
    {
        var (server, keys) = await ApiServer.StartWithKeysAsync(("alpha", "read"));
        await using var _ = server;
        using var client = server.NewClient(keys[0]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/teams/alpha/experts")).StatusCode);
        var id = (await server.Keys.ListAsync("alpha", default)).Single().Id;
        Assert.True(await server.Keys.RevokeAsync(id, default));
        using var refused = await client.GetAsync("api/v1/teams/alpha/experts");
        await refused.ProblemAsync(401);
    }

    [Fact]
    public async Task Without_keys_the_server_serves_loopback_without_authentication_until_the_first_key_is_created()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        var created = await server.Keys.CreateAsync("demo", "bot", ["read"], default);
        using var anonymous = await server.Client.GetAsync("api/v1/teams/demo/experts");
        await anonymous.ProblemAsync(401);
        using var keyed = server.NewClient(created.Secret);
        Assert.Equal(HttpStatusCode.OK, (await keyed.GetAsync("api/v1/teams/demo/experts")).StatusCode);
        // Revoking the only key does not switch authentication off again.
        await server.Keys.RevokeAsync(created.Key.Id, default);
        using var stillRefused = await server.Client.GetAsync("api/v1/teams/demo/experts");
        await stillRefused.ProblemAsync(401);
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://*:0")]
    [InlineData("http://+:0")]
    [InlineData("http://[::]:0")]
    [InlineData("http://example.org:5080")]
    public async Task Without_keys_the_server_refuses_to_listen_beyond_loopback(string url)
    {
        using var folder = new TempFolder();
        var options = ApiServer.Options(folder.File("kos.db")) with { Urls = [url] };
        var refused = await Assert.ThrowsAsync<InputException>(() => KosServer.BuildAsync(options, default));
        Assert.Equal("urls", refused.Field);
        Assert.Contains("API keys", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://127.0.0.2:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("https://127.0.0.1:5443/", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://10.0.0.5:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://kos.internal:5080", false)]
    public void Loopback_addresses_are_recognised(string url, bool loopback) => Assert.Equal(loopback, BindingRules.IsLoopback(url));

    [Fact]
    public void With_keys_any_address_may_be_used() => BindingRules.Check(["http://0.0.0.0:5080"], keysExist: true);

    [Fact]
    public async Task Only_a_hash_of_a_key_is_stored()
    {
        var (server, keys) = await ApiServer.StartWithKeysAsync(("alpha", "read"));
        await using var _ = server;
        await server.App.StopAsync();
        var bytes = await File.ReadAllBytesAsync(server.DataPath);
        var wal = File.Exists(server.DataPath + "-wal") ? await File.ReadAllBytesAsync(server.DataPath + "-wal") : [];
        // The secret is everything after kos_<id>_ (base64url, which may itself contain '_').
        var secret = System.Text.Encoding.UTF8.GetBytes(keys[0][(keys[0].IndexOf('_', 4) + 1)..]);
        Assert.Equal(43, secret.Length);
        Assert.Equal(-1, bytes.AsSpan().IndexOf(secret));
        Assert.Equal(-1, wal.AsSpan().IndexOf(secret));
    }

    [Fact]
    public async Task Requests_above_the_rate_limit_of_a_key_get_429()
    {
        using var folder = new TempFolder();
        var path = folder.File("kos.db");
        await (await KnowledgeOs.Sqlite.SqliteEventStore.OpenAsync(path, TimeProvider.System, default)).DisposeAsync();
        var store = await KnowledgeOs.Hosting.ApiKeyStore.OpenAsync(path, TimeProvider.System, default);
        var key = await store.CreateAsync("alpha", "bot", ["read"], default);
        await using var server = await ApiServer.StartAsync(ApiServer.Options(path) with { RateLimitPerSecond = 1, RateLimitBurst = 3 });
        using var client = server.NewClient(key.Secret);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++) statuses.Add((await client.GetAsync("api/v1/teams/alpha/experts")).StatusCode);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        using var limited = await client.GetAsync("api/v1/teams/alpha/experts");
        if (limited.StatusCode == HttpStatusCode.TooManyRequests) await limited.ProblemAsync(429);
    }

    [Fact]
    public async Task A_key_past_its_rate_limit_is_served_again_once_its_clock_has_moved_a_second()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var (server, keys) = await ApiServer.StartWithKeysAsync(o => o with { Time = clock, RateLimitPerSecond = 1, RateLimitBurst = 2 }, ("alpha", "read"));
        await using var _ = server;
        using var client = server.NewClient(keys[0]);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) statuses.Add((await client.GetAsync("api/v1/teams/alpha/experts")).StatusCode);
        // The bucket refills from the server's clock when the key comes back, not from a timer running meanwhile.
        clock.Advance(TimeSpan.FromSeconds(1));
        statuses.Add((await client.GetAsync("api/v1/teams/alpha/experts")).StatusCode);
        statuses.Add((await client.GetAsync("api/v1/teams/alpha/experts")).StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }
}

public sealed class LocalModeTests
{
    [Fact]
    public async Task Without_keys_a_request_for_a_rebound_host_name_is_refused()
    {
        await using var server = await ApiServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/teams/demo/experts");
        request.Headers.Host = "attacker.example";
        using var response = await server.Client.SendAsync(request);
        await response.ProblemAsync(403, "Host");
    }

    [Fact]
    public async Task Without_keys_a_write_from_a_page_of_another_origin_is_refused()
    {
        await using var server = await ApiServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/teams/demo/experts") { Content = Http.Json(Http.Expert("igor")) };
        request.Headers.Add("Origin", "https://attacker.example");
        using var response = await server.Client.SendAsync(request);
        await response.ProblemAsync(403, "Origin");
        Assert.Empty((await server.Client.GetJsonAsync("api/v1/teams/demo/experts")).GetProperty("items").EnumerateArray());

        using var sameOrigin = new HttpRequestMessage(HttpMethod.Post, "api/v1/teams/demo/experts") { Content = Http.Json(Http.Expert("igor")) };
        sameOrigin.Headers.Add("Origin", server.Address.GetLeftPart(UriPartial.Authority));
        using var ok = await server.Client.SendAsync(sameOrigin);
        Assert.Equal(System.Net.HttpStatusCode.Created, ok.StatusCode);
    }
}

public sealed class RouterAnswerTests
{
    [Fact]
    public async Task A_request_the_router_refuses_still_does_not_reach_another_team()
    {
        var (server, keys) = await ApiServer.StartWithKeysAsync(("alpha", "admin"), ("beta", "admin"));
        await using var _ = server;
        using var alpha = server.NewClient(keys[0]);
        // A wrong Content-Type and a wrong method are answered by the router (415, 405) for one's own team...
        using var ownWrongType = await alpha.PostAsync("api/v1/teams/alpha/import", Http.Json("{}"));
        await ownWrongType.ProblemAsync(415, "Content-Type");
        // ...and for another team's address the answer is the same 404 as for anything else there.
        using var otherWrongType = await alpha.PostAsync("api/v1/teams/beta/import", Http.Json("{}"));
        await otherWrongType.ProblemAsync(404);
        using var otherWrongMethod = await alpha.DeleteAsync("api/v1/teams/beta/experts");
        await otherWrongMethod.ProblemAsync(404);
    }
}
