using System.Net;
using KnowledgeOs.Hosting;
using KnowledgeOs.Server;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Api;

/// <summary>Two in-process servers on one PostgreSQL schema: what one writes or remembers, the other serves at once.</summary>
public sealed class PostgresServerTests : IAsyncLifetime
{
    private readonly TestPostgres _postgres = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _postgres.DisposeAsync().AsTask();

    private async Task<(ApiServer A, ApiServer B)> StartTwoAsync()
    {
        var connection = TestPostgres.WithSchema(_postgres.NewSchema());
        var options = ApiServer.Options("unused.db") with { Store = StoreKind.Postgres, Connection = connection };
        var a = await ApiServer.StartAsync(options);
        try
        {
            return (a, await ApiServer.StartAsync(options));
        }
        catch
        {
            await a.DisposeAsync();
            throw;
        }
    }

    [SkippableFact]
    public async Task A_write_through_one_server_is_read_through_the_other_at_once()
    {
        TestPostgres.Require();
        var (a, b) = await StartTwoAsync();
        await using (a)
        await using (b)
        {
            await a.Client.OnboardAsync("demo", "igor");
            // Read B first, so a cache (if B kept one) would hold the old state.
            var before = await b.Client.GetJsonAsync("api/v1/teams/demo/experts/igor");
            for (var i = 1; i <= 5; i++)
            {
                await a.Client.LearnAsync("demo", Http.Report($"T-{i}", "igor", $"Fact number {i}"));
                var markdown = await b.Client.GetStringAsync("api/v1/teams/demo/experts/igor/knowledge.md");
                Assert.Contains($"Fact number {i}", markdown, StringComparison.Ordinal);
            }
            var after = await b.Client.GetJsonAsync("api/v1/teams/demo/experts/igor");
            Assert.True(after.GetProperty("version").GetInt64() > before.GetProperty("version").GetInt64());
        }
    }

    [SkippableFact]
    public async Task A_feed_wakes_at_once_for_a_commit_through_another_server_not_at_its_next_poll()
    {
        TestPostgres.Require();
        var connection = TestPostgres.WithSchema(_postgres.NewSchema());
        // Polls so rare that only the commit notification can bring the event within the test's time.
        var options = ApiServer.Options("unused.db") with
        {
            Store = StoreKind.Postgres,
            Connection = connection,
            FeedPollInterval = TimeSpan.FromHours(1),
            FeedHeartbeat = TimeSpan.FromHours(1),
        };
        await using var a = await ApiServer.StartAsync(options);
        await using var b = await ApiServer.StartAsync(options);
        await a.Client.OnboardAsync("demo", "igor");
        var head = await b.Client.HeadPositionAsync("demo");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var feed = new HttpClient { BaseAddress = b.Address, Timeout = Timeout.InfiniteTimeSpan };
        var response = feed.GetAsync($"api/v1/teams/demo/events/stream?after={head}", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        // Let B read up to the head and start waiting before A commits.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await a.Client.LearnAsync("demo", Http.Report("T-1", "igor", "Woken by a notification"));

        using var stream = await response;
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token));
        string? line;
        while ((line = await reader.ReadLineAsync(timeout.Token)) is not null && !line.StartsWith("id: ", StringComparison.Ordinal))
        {
        }
        Assert.NotNull(line);
        Assert.True(long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture) > head);
    }

    [SkippableFact]
    public async Task An_idempotency_key_used_on_one_server_is_replayed_or_refused_by_the_other()
    {
        TestPostgres.Require();
        var (a, b) = await StartTwoAsync();
        await using (a)
        await using (b)
        {
            await a.Client.OnboardAsync("demo", "igor");
            var body = Http.Report("T-1", "igor", "Only once");
            using var first = new HttpRequestMessage(HttpMethod.Post, "api/v1/teams/demo/reports") { Content = Http.Json(body) };
            first.Headers.Add("Idempotency-Key", "k-1");
            using var created = await a.Client.SendAsync(first);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

            using var again = new HttpRequestMessage(HttpMethod.Post, "api/v1/teams/demo/reports") { Content = Http.Json(body) };
            again.Headers.Add("Idempotency-Key", "k-1");
            using var replayed = await b.Client.SendAsync(again);
            Assert.Equal(HttpStatusCode.Created, replayed.StatusCode);
            Assert.Equal(await created.Content.ReadAsStringAsync(), await replayed.Content.ReadAsStringAsync());

            using var other = new HttpRequestMessage(HttpMethod.Post, "api/v1/teams/demo/reports") { Content = Http.Json(Http.Report("T-2", "igor", "Else")) };
            other.Headers.Add("Idempotency-Key", "k-1");
            await (await b.Client.SendAsync(other)).ProblemAsync(409, "Idempotency-Key");
        }
    }

    [SkippableFact]
    public async Task Concurrent_requests_with_one_idempotency_key_on_two_servers_apply_once()
    {
        TestPostgres.Require();
        var (a, b) = await StartTwoAsync();
        await using (a)
        await using (b)
        {
            await a.Client.OnboardAsync("demo", "igor");
            var body = Http.Report("T-1", "igor", "Raced fact");
            var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/teams/demo/reports") { Content = Http.Json(body) };
                request.Headers.Add("Idempotency-Key", "race");
                using var response = await (i % 2 == 0 ? a : b).Client.SendAsync(request);
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            }));
            // One ran; every other got its stored answer or was told the first is still running — none ran again.
            Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"{r.StatusCode}: {r.Item2}"));
            Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Created);
            var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).Select(r => r.Item2).Distinct().ToList();
            Assert.Single(created);
            var events = await b.Client.GetJsonAsync("api/v1/teams/demo/events?after=0&limit=100");
            Assert.Single(events.GetProperty("items").EnumerateArray(), e => e.GetProperty("type").GetString() == "v1.TaskCompleted");
        }
    }

    [SkippableFact]
    public async Task A_key_created_for_the_database_works_on_every_server_and_a_revoked_one_on_none()
    {
        TestPostgres.Require();
        var (a, b) = await StartTwoAsync();
        await using (a)
        await using (b)
        {
            var created = await a.Keys.CreateAsync("demo", "agent", ApiKeyScopes.Parse("read,write,admin"), default);
            foreach (var server in new[] { a, b })
            {
                using var client = server.NewClient(created.Secret);
                await client.OnboardAsync("demo", server == a ? "igor" : "anna");
            }
            Assert.True(await b.Keys.RevokeAsync(created.Key.Id, default));
            foreach (var server in new[] { a, b })
            {
                using var client = server.NewClient(created.Secret);
                using var refused = await client.GetAsync("api/v1/teams/demo/experts");
                Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            }
        }
    }
}
