using System.Net;

namespace KnowledgeOs.Tests.Api;

public sealed class IdempotencyTests
{
    private const string Igor = "api/v1/teams/demo/experts/igor";

    private static HttpRequestMessage Post(string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Http.Json(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task A_repeat_with_the_same_key_returns_the_original_response_and_applies_nothing()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        using var first = await server.Client.SendAsync(Post(Igor + "/sections/learned/items", new { text = "Alpha fact" }, "key-1"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var original = await first.Content.ReadAsStringAsync();

        using var repeat = await server.Client.SendAsync(Post(Igor + "/sections/learned/items", new { text = "Alpha fact" }, "key-1"));
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal(original, await repeat.Content.ReadAsStringAsync());
        Assert.Equal("true", repeat.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
        Assert.Equal(first.Headers.ETag, repeat.Headers.ETag);
        Assert.Equal(2, (await server.Client.GetJsonAsync(Igor)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_refused_and_never_applied()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        using var first = await server.Client.SendAsync(Post(Igor + "/sections/learned/items", new { text = "Alpha fact" }, "key-1"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var other = await server.Client.SendAsync(Post(Igor + "/sections/learned/items", new { text = "Beta fact" }, "key-1"));
        var problem = await other.ProblemAsync(409, "Idempotency-Key");
        Assert.Contains("key-1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var otherPath = await server.Client.SendAsync(Post(Igor + "/sections/known/items", new { text = "Alpha fact" }, "key-1"));
        await otherPath.ProblemAsync(409, "Idempotency-Key");
        var items = await server.Client.GetJsonAsync(Igor + "/items?status=all");
        Assert.Equal("Alpha fact", Assert.Single(items.GetProperty("items").EnumerateArray()).GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_reused_key_gets_the_same_409_naming_the_key_at_http_and_in_the_store()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        using var first = await server.Client.SendAsync(Post(Igor + "/sections/learned/items", new { text = "Alpha fact" }, "key-1"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await server.Client.LearnAsync("demo", Http.Report("T-1", "igor", "Beta fact"));

        // The HTTP Idempotency-Key and the store's own key (the report's task id) refuse another request alike.
        using var atHttp = await server.Client.SendAsync(Post(Igor + "/sections/learned/items", new { text = "Gamma fact" }, "key-1"));
        using var inStore = await server.Client.PostAsync("api/v1/teams/demo/reports", Http.Json(Http.Report("T-1", "igor", "Delta fact")));

        var httpDetail = (await atHttp.ProblemAsync(409, "Idempotency-Key")).GetProperty("detail").GetString()!;
        var storeDetail = (await inStore.ProblemAsync(409)).GetProperty("detail").GetString()!;
        Assert.StartsWith("Idempotency key 'key-1' of team 'demo' was already used for a different request; nothing was written.", httpDetail, StringComparison.Ordinal);
        Assert.Matches("^Idempotency key '[^']*T-1' of team 'demo' was already used for a different request; nothing was written\\. ", storeDetail);
        // A report says more than a key can: the task was learned from other content, and how to amend it.
        Assert.Contains("?amend=true", storeDetail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replayed_onboarding_returns_201_as_the_first_time()
    {
        await using var server = await ApiServer.StartAsync();
        using var first = await server.Client.SendAsync(Post("api/v1/teams/demo/experts", Http.Expert("igor"), "onboard-igor"));
        using var repeat = await server.Client.SendAsync(Post("api/v1/teams/demo/experts", Http.Expert("igor"), "onboard-igor"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        using var plainRepeat = await server.Client.PostAsync("api/v1/teams/demo/experts", Http.Json(Http.Expert("igor")));
        Assert.Equal(HttpStatusCode.OK, plainRepeat.StatusCode);
    }

    [Fact]
    public async Task A_report_repeated_with_its_key_returns_the_first_result_not_a_duplicate_notice()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        using var first = await server.Client.SendAsync(Post("api/v1/teams/demo/reports", Http.Report("T-1", "igor", "Alpha fact"), "report-T-1"));
        using var repeat = await server.Client.SendAsync(Post("api/v1/teams/demo/reports", Http.Report("T-1", "igor", "Alpha fact"), "report-T-1"));
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.False((await repeat.BodyAsync()).GetProperty("duplicate").GetBoolean());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await repeat.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Concurrent_repeats_of_one_key_apply_it_once()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            server.Client.SendAsync(Post("api/v1/teams/demo/reports", Http.Report("T-9", "igor", "Alpha fact"), "same-key"))));
        Assert.All(responses, r => Assert.Contains((int)r.StatusCode, new[] { 201, 409 }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var r in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict)) await r.ProblemAsync(409, "Idempotency-Key");
        Assert.Equal(3, (await server.Client.GetJsonAsync(Igor)).GetProperty("version").GetInt64());
        foreach (var r in responses) r.Dispose();
    }

    [Fact]
    public async Task A_failed_request_does_not_use_up_its_key()
    {
        await using var server = await ApiServer.StartAsync();
        using var failed = await server.Client.SendAsync(Post(Igor + "/sections/learned/items", new { text = "Alpha fact" }, "key-1"));
        await failed.ProblemAsync(404);
        await server.Client.OnboardAsync("demo", "igor");
        using var retried = await server.Client.SendAsync(Post(Igor + "/sections/learned/items", new { text = "Alpha fact" }, "key-1"));
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
    }

    [Fact]
    public async Task A_malformed_key_is_a_400_naming_the_header()
    {
        await using var server = await ApiServer.StartAsync();
        using var response = await server.Client.SendAsync(Post("api/v1/teams/demo/experts", Http.Expert("igor"), new string('k', 300)));
        await response.ProblemAsync(400, "Idempotency-Key");
    }
}
