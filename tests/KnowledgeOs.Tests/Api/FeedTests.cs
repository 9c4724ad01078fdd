using System.Text.Json;

namespace KnowledgeOs.Tests.Api;

public sealed class FeedTests
{
    /// <summary>Reads SSE events from a response until <paramref name="count"/> events (not heartbeats) arrived; the type is the data's.</summary>
    internal static async Task<List<(long Id, string Type, JsonElement Data)>> ReadEventsAsync(StreamReader reader, int count, CancellationToken ct)
    {
        var events = new List<(long, string, JsonElement)>();
        string? id = null, type = null, data = null;
        while (events.Count < count)
        {
            var line = await reader.ReadLineAsync(ct) ?? throw new EndOfStreamException("the feed ended");
            if (line.Length == 0)
            {
                if (id is not null && data is not null)
                {
                    // Unnamed, so EventSource's onmessage gets it: the type is in the data.
                    Assert.Null(type);
                    var view = JsonDocument.Parse(data).RootElement.Clone();
                    events.Add((long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), view.GetProperty("type").GetString()!, view));
                }
                id = type = data = null;
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
        }
        return events;
    }

    internal static async Task<(HttpResponseMessage Response, StreamReader Reader)> ConnectAsync(HttpClient client, string path, long? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is { } id) request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return (response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    [Fact]
    public async Task The_feed_resumes_after_a_disconnect_with_no_gap_and_no_duplicate()
    {
        await using var server = await ApiServer.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await server.Client.OnboardAsync("demo", "igor");
        await server.Client.OnboardAsync("other", "igor");

        var (first, reader) = await ConnectAsync(server.Client, "api/v1/teams/demo/events/stream?from=start");
        await server.Client.LearnAsync("demo", Http.Report("T-1", "igor", "Alpha fact"));
        await server.Client.LearnAsync("other", Http.Report("T-1", "igor", "Other team fact"));
        var before = await ReadEventsAsync(reader, 3, timeout.Token);
        first.Dispose();
        reader.Dispose();

        // Written while nobody listens: the resumed feed must deliver exactly these, in order.
        await server.Client.LearnAsync("demo", Http.Report("T-2", "igor", "Beta fact"));
        await server.Client.LearnAsync("other", Http.Report("T-2", "igor", "Other team fact two"));
        await server.Client.LearnAsync("demo", Http.Report("T-3", "igor", "Gamma fact"));

        var (second, resumed) = await ConnectAsync(server.Client, "api/v1/teams/demo/events/stream", before[^1].Id);
        var after = await ReadEventsAsync(resumed, 4, timeout.Token);
        second.Dispose();
        resumed.Dispose();

        var all = before.Concat(after).ToList();
        Assert.Equal(all.Count, all.Select(e => e.Id).Distinct().Count());
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Id < p.Second.Id));
        // Versions of the team's one stream run 1..7 without a hole: nothing was skipped.
        Assert.Equal(Enumerable.Range(1, 7).Select(v => (long)v), all.Select(e => e.Data.GetProperty("version").GetInt64()));
        Assert.DoesNotContain(all, e => e.Data.ToString().Contains("Other team", StringComparison.Ordinal));
        Assert.Equal("v1.ExpertOnboarded", all[0].Type);

        var page = await server.Client.GetJsonAsync($"api/v1/teams/demo/events?after={before[^1].Id}&limit=2");
        Assert.Equal(after.Take(2).Select(e => e.Id), page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("position").GetInt64()));
        Assert.NotNull(page.GetProperty("next").GetString());
        var rest = await server.Client.GetJsonAsync(page.GetProperty("next").GetString()!);
        Assert.Equal(after.Skip(2).Select(e => e.Id), rest.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("position").GetInt64()));
    }

    [Fact]
    public async Task The_feed_of_one_expert_carries_only_that_expert()
    {
        await using var server = await ApiServer.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await server.Client.OnboardAsync("demo", "igor");
        await server.Client.OnboardAsync("demo", "anna");
        var (response, reader) = await ConnectAsync(server.Client, "api/v1/teams/demo/events/stream?expert=anna&from=start");
        var events = await ReadEventsAsync(reader, 1, timeout.Token);
        Assert.Equal("anna", events.Single().Data.GetProperty("expert").GetString());
        response.Dispose();
        reader.Dispose();
    }

    [Fact]
    public async Task A_bad_Last_Event_ID_is_a_400_naming_the_header()
    {
        await using var server = await ApiServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/teams/demo/events/stream");
        request.Headers.Add("Last-Event-ID", "yesterday");
        using var response = await server.Client.SendAsync(request);
        await response.ProblemAsync(400, "Last-Event-ID");
    }

    [Fact]
    public async Task Shutdown_ends_open_feeds_promptly()
    {
        var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        var (response, reader) = await ConnectAsync(server.Client, "api/v1/teams/demo/events/stream?from=start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await ReadEventsAsync(reader, 1, timeout.Token);
        var stopping = server.DisposeAsync().AsTask();
        // The feed ends (end of stream) instead of holding shutdown for the whole shutdown timeout.
        while (await reader.ReadLineAsync(timeout.Token) is not null)
        {
        }
        await stopping;
        response.Dispose();
        reader.Dispose();
    }

    [Fact]
    public async Task A_new_connection_starts_at_the_head_unless_from_says_otherwise()
    {
        await using var server = await ApiServer.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await server.Client.LearnAsync("demo", Http.Report("T-1", "igor", "Old fact"), onboard: true);
        var old = (await server.Client.GetJsonAsync("api/v1/teams/demo/events")).GetProperty("items").EnumerateArray()
            .Select(e => e.GetProperty("position").GetInt64()).ToList();

        var (now, fromNow) = await ConnectAsync(server.Client, "api/v1/teams/demo/events/stream");
        var (all, fromStart) = await ConnectAsync(server.Client, "api/v1/teams/demo/events/stream?from=start");
        var (rest, fromSecond) = await ConnectAsync(server.Client, $"api/v1/teams/demo/events/stream?from={old[1]}");
        await server.Client.LearnAsync("demo", Http.Report("T-2", "igor", "New fact"));

        var live = await ReadEventsAsync(fromNow, 1, timeout.Token);
        Assert.True(live[0].Id > old[^1], $"a new connection replayed event {live[0].Id} written before it connected");
        Assert.Equal(old, (await ReadEventsAsync(fromStart, old.Count, timeout.Token)).Select(e => e.Id));
        Assert.Equal(old.Skip(2), (await ReadEventsAsync(fromSecond, old.Count - 2, timeout.Token)).Select(e => e.Id));
        foreach (var d in new IDisposable[] { now, fromNow, all, fromStart, rest, fromSecond }) d.Dispose();
    }

    [Theory]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?from=-1", "from")]
    [InlineData("?from=start&after=0", "from")]
    [InlineData("?from=99999999", "from")]
    public async Task A_bad_start_is_a_400_naming_the_parameter(string query, string field)
    {
        await using var server = await ApiServer.StartAsync();
        using var response = await server.Client.GetAsync("api/v1/teams/demo/events/stream" + query);
        await response.ProblemAsync(400, field);
    }
}
