using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace KnowledgeOs.Tests.Api;

/// <summary>Request-level defences: headers on every answer, log-out only from the dashboard's own page, guessing keys
/// throttled, concurrent stale writes answered 412, and a large export streamed.</summary>
public sealed class RequestHardeningTests
{
    private const string Experts = "api/v1/teams/demo/experts";

    [Fact]
    public async Task Every_answer_carries_nosniff_whether_a_result_a_problem_or_a_probe()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        foreach (var path in new[] { Experts, Experts + "/nobody", "api/v1/teams/demo/events?after=-1", "health/ready", "openapi/v1.json" })
        {
            using var response = await server.Client.GetAsync(path);
            Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var values), $"{path}: {(int)response.StatusCode} has no X-Content-Type-Options");
            Assert.Equal("nosniff", Assert.Single(values));
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        }
    }

    [Fact]
    public async Task Log_out_from_another_site_is_refused_with_403_and_from_the_dashboard_goes_through()
    {
        await using var server = await ApiServer.StartAsync();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Address };

        using (var fromOrigin = new HttpRequestMessage(HttpMethod.Post, "ui/logout") { Content = new FormUrlEncodedContent([]) })
        {
            fromOrigin.Headers.Add("Origin", "https://evil.example");
            using var refused = await client.SendAsync(fromOrigin);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using (var crossSite = new HttpRequestMessage(HttpMethod.Post, "ui/logout") { Content = new FormUrlEncodedContent([]) })
        {
            // A browser that sends no Origin still says where the request came from.
            crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
            using var refused = await client.SendAsync(crossSite);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using var own = new HttpRequestMessage(HttpMethod.Post, "ui/logout") { Content = new FormUrlEncodedContent([]) };
        own.Headers.Add("Origin", server.Address.GetLeftPart(UriPartial.Authority));
        own.Headers.Add("Sec-Fetch-Site", "same-origin");
        using var done = await client.SendAsync(own);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/ui/login", done.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_address_sending_invalid_keys_gets_429_with_Retry_After_after_the_limit_even_with_a_valid_key()
    {
        var (server, keys) = await ApiServer.StartWithKeysAsync(o => o with { InvalidKeyLimit = 3, InvalidKeyWindow = TimeSpan.FromMinutes(5) }, ("demo", "read"));
        await using var _ = server;
        using var valid = server.NewClient(keys[0]);
        using (var before = await valid.GetAsync(Experts))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var guesser = server.NewClient("kos_guess_" + new string('x', 32));
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await guesser.GetAsync(Experts);
            await wrong.ProblemAsync(401, "Authorization");
        }
        using var throttled = await guesser.GetAsync(Experts);
        await throttled.ProblemAsync(429, "Authorization");
        Assert.Equal(TimeSpan.FromMinutes(5), throttled.Headers.RetryAfter?.Delta);
        // Checked before the key: the address learns nothing, not even that a key it tries is right.
        using var validNow = await valid.GetAsync(Experts);
        await validNow.ProblemAsync(429);
    }

    [Fact]
    public async Task An_address_throttled_for_invalid_keys_is_heard_again_when_its_window_has_passed_on_the_servers_clock()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var (server, keys) = await ApiServer.StartWithKeysAsync(o => o with { Time = clock, InvalidKeyLimit = 2, InvalidKeyWindow = TimeSpan.FromMinutes(5) }, ("demo", "read"));
        await using var _ = server;
        using var guesser = server.NewClient("kos_guess_" + new string('x', 32));
        for (var i = 0; i < 2; i++)
        {
            using var wrong = await guesser.GetAsync(Experts);
            await wrong.ProblemAsync(401, "Authorization");
        }
        using (var throttled = await guesser.GetAsync(Experts))
            await throttled.ProblemAsync(429, "Authorization");
        clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        using (var stillThrottled = await guesser.GetAsync(Experts))
            await stillThrottled.ProblemAsync(429, "Authorization");
        clock.Advance(TimeSpan.FromSeconds(1));
        using (var heardAgain = await guesser.GetAsync(Experts))
            await heardAgain.ProblemAsync(401, "Authorization");
        using var valid = server.NewClient(keys[0]);
        using var served = await valid.GetAsync(Experts);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task Sixteen_concurrent_changes_with_one_If_Match_give_one_success_and_412_for_every_stale_one()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        using var get = await server.Client.GetAsync(Experts + "/igor");
        var etag = get.Headers.ETag!;

        var answers = await Task.WhenAll(Enumerable.Range(1, 16).Select(async i =>
        {
            using var patch = new HttpRequestMessage(HttpMethod.Patch, Experts + "/igor") { Content = Http.Json(new { role = $"Role {i}" }) };
            patch.Headers.IfMatch.Add(etag);
            using var response = await server.Client.SendAsync(patch);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }));

        Assert.Single(answers, a => a.Item1 == 200);
        Assert.All(answers.Where(a => a.Item1 != 200), a => Assert.True(a.Item1 == 412, $"{a.Item1}: {a.Item2}"));
        // Exactly one change was applied on top of the version every request named.
        var named = long.Parse(etag.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(named + 1, (await server.Client.GetJsonAsync(Experts + "/igor")).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task The_zip_export_of_a_large_team_is_streamed_and_holds_every_expert_and_the_same_JSON_export()
    {
        await using var server = await ApiServer.StartAsync();
        const int experts = 40;
        var participants = Enumerable.Range(1, experts).Select(e => new
        {
            expert = $"expert{e:00}",
            newKnowledge = Enumerable.Range(1, 25).Select(k => $"Expert {e} learned fact number {k} about streaming archives").ToArray(),
        }).ToArray();
        await server.Client.LearnAsync("demo", new
        {
            taskId = "T-BIG",
            title = "A task for everyone",
            completedAt = "2026-03-03T17:40:00Z",
            outcome = "success",
            participants,
        }, onboard: true);

        using var response = await server.Client.GetAsync("api/v1/teams/demo/export/zip?lang=en", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        // Written as it is built: no length known up front, sent in chunks.
        Assert.Null(response.Content.Headers.ContentLength);
        Assert.True(response.Headers.TransferEncodingChunked);

        using var body = new MemoryStream();
        await (await response.Content.ReadAsStreamAsync()).CopyToAsync(body);
        body.Position = 0;
        using var zip = new ZipArchive(body, ZipArchiveMode.Read);
        Assert.Equal(experts + 1, zip.Entries.Count);
        using (var reader = new StreamReader(zip.GetEntry("expert07_knowledge.md")!.Open(), Encoding.UTF8))
            Assert.Contains("Expert 7 learned fact number 25 about streaming archives", await reader.ReadToEndAsync(), StringComparison.Ordinal);
        using var json = new StreamReader(zip.GetEntry("demo_export.json")!.Open(), Encoding.UTF8);
        Assert.Equal(await server.Client.GetStringAsync("api/v1/teams/demo/export"), await json.ReadToEndAsync());
    }
}
