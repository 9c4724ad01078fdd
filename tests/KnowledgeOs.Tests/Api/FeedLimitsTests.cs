using System.Globalization;
using System.Net;

namespace KnowledgeOs.Tests.Api;

public sealed class FeedLimitsTests
{
    private const string Stream = "api/v1/teams/demo/events/stream";

    private static Task<long> HeadAsync(HttpClient client) => client.HeadPositionAsync("demo");

    [Fact]
    public async Task An_up_to_date_subscriber_gets_the_response_at_once_not_at_the_first_heartbeat()
    {
        // A heartbeat an hour away: only a response sent at once arrives within the test's bound.
        await using var server = await ApiServer.StartAsync(o => o with { FeedHeartbeat = TimeSpan.FromHours(1) });
        await server.Client.OnboardAsync("demo", "igor");
        var head = await HeadAsync(server.Client);

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await server.Client.GetAsync($"{Stream}?after={head}", HttpCompletionOption.ResponseHeadersRead, bound.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(bound.Token));
        Assert.Equal("event: heartbeat", await reader.ReadLineAsync(bound.Token));
    }

    [Fact]
    public async Task A_position_past_the_head_is_refused_with_a_400_naming_where_it_came_from()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        var head = await HeadAsync(server.Client);

        using (var future = await server.Client.GetAsync($"{Stream}?after={head + 1}"))
            await future.ProblemAsync(400, "after");
        using (var request = new HttpRequestMessage(HttpMethod.Get, Stream))
        {
            request.Headers.Add("Last-Event-ID", (head + 1000).ToString(CultureInfo.InvariantCulture));
            using var resumed = await server.Client.SendAsync(request);
            await resumed.ProblemAsync(400, "Last-Event-ID");
        }
        using (var page = await server.Client.GetAsync($"api/v1/teams/demo/events?after={head + 1}"))
            await page.ProblemAsync(400, "after");
        // The head itself is a position this feed handed out.
        using var atHead = await server.Client.GetAsync($"{Stream}?after={head}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, atHead.StatusCode);
    }

    [Fact]
    public async Task A_client_that_accepts_only_event_streams_gets_its_problem_as_json_not_a_500()
    {
        // What every EventSource sends. The framework's problem writer refuses to answer it, which was a 500.
        var (server, keys) = await ApiServer.StartWithKeysAsync(o => o with { MaxFeedStreamsPerKey = 1 }, ("demo", "read"));
        await using var _ = server;
        using var client = server.NewClient(keys[0]);
        client.DefaultRequestHeaders.Accept.ParseAdd("text/event-stream");
        var head = await HeadAsync(client);

        using (var future = await client.GetAsync($"{Stream}?after={head + 1}"))
            await future.ProblemAsync(400, "after");
        using var first = await client.GetAsync(Stream, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var second = await client.GetAsync(Stream, HttpCompletionOption.ResponseHeadersRead);
        await second.ProblemAsync(429);
    }

    [Fact]
    public async Task A_key_holds_at_most_the_configured_streams_and_the_next_gets_429_with_Retry_After()
    {
        var (server, keys) = await ApiServer.StartWithKeysAsync(o => o with { MaxFeedStreamsPerKey = 2 }, ("demo", "read"), ("demo", "read"));
        await using var _ = server;
        using var client = server.NewClient(keys[0]);
        using var other = server.NewClient(keys[1]);
        using var first = await client.GetAsync(Stream, HttpCompletionOption.ResponseHeadersRead);
        using var second = await client.GetAsync(Stream, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        using var third = await client.GetAsync(Stream, HttpCompletionOption.ResponseHeadersRead);
        await third.ProblemAsync(429);
        Assert.NotNull(third.Headers.RetryAfter);
        using var otherKey = await other.GetAsync(Stream, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);

        // A closed stream gives its slot back (once the server has seen the connection go).
        first.Dispose();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        HttpResponseMessage again;
        while ((again = await client.GetAsync(Stream, HttpCompletionOption.ResponseHeadersRead, bound.Token)).StatusCode != HttpStatusCode.OK)
        {
            again.Dispose();
            await Task.Delay(50, bound.Token);
        }
        again.Dispose();
    }
}
