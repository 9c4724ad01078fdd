using System.Text.Json;
using KnowledgeOs.Hosting;
using KnowledgeOs.Server;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeOs.Tests.Api;

/// <summary>
/// The SSE clients of one team share one reader of its change feed (issue #16): a commit is read from the store once
/// however many clients follow it, and a client that starts in the past catches up by itself and then joins the
/// shared tail with nothing lost or repeated. Run on each store.
/// </summary>
public abstract class FeedSharingContract
{
    private const string Stream = "api/v1/teams/demo/events/stream";

    /// <summary>A real server on loopback over the store under test, with <paramref name="tune"/>d options and <paramref name="configure"/>d services.</summary>
    protected abstract Task<ApiServer> StartAsync(Func<KosServerOptions, KosServerOptions> tune, Action<WebApplicationBuilder> configure);

    // The poll is the fallback for other processes' writes: at ten minutes, only the commit's wake-up moves a feed here.
    private async Task<(ApiServer Server, FeedReadCounter Reads)> StartAsync()
    {
        FeedReadCounter? reads = null;
        var server = await StartAsync(o => o with { FeedPollInterval = TimeSpan.FromMinutes(10) }, ServerStoreDecorator.Wrap(inner => new FeedReadCounter(inner), made => reads = made));
        await server.Client.OnboardAsync("demo", "igor");
        return (server, reads!);
    }

    private static Task<long> HeadAsync(ApiServer server) => server.App.Services.GetRequiredService<IEventStore>().HeadPositionAsync(default);

    /// <summary>Reads a client's events up to and including <paramref name="head"/>.</summary>
    private static async Task<List<(long Id, JsonElement Data)>> ReadUntilAsync(StreamReader reader, long head, CancellationToken ct)
    {
        var events = new List<(long, JsonElement)>();
        while (events.Count == 0 || events[^1].Item1 < head)
        {
            var (id, _, data) = (await FeedTests.ReadEventsAsync(reader, 1, ct))[0];
            events.Add((id, data));
        }
        return events;
    }

    /// <summary>Posts a report and waits until every client has received the team's log up to its last event.</summary>
    private static async Task<long> LearnAndDeliverAsync(ApiServer server, string taskId, IEnumerable<StreamReader> clients, CancellationToken ct)
    {
        await server.Client.LearnAsync("demo", Http.Report(taskId, "igor", $"Fact of {taskId}"));
        var head = await HeadAsync(server);
        await Task.WhenAll(clients.Select(c => ReadUntilAsync(c, head, ct)));
        return head;
    }

    [SkippableFact]
    public async Task Ten_clients_of_one_team_cost_one_feed_read_per_commit_not_ten()
    {
        var (server, reads) = await StartAsync();
        await using var _ = server;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var connections = new List<(HttpResponseMessage Response, StreamReader Reader)>();
        for (var i = 0; i < 10; i++) connections.Add(await FeedTests.ConnectAsync(server.NewClient(), Stream));
        var readers = connections.Select(c => c.Reader).ToList();
        await LearnAndDeliverAsync(server, "WARM-1", readers, timeout.Token);

        var before = reads.Reads;
        const int Commits = 3;
        for (var i = 1; i <= Commits; i++) await LearnAndDeliverAsync(server, $"LIVE-{i}", readers, timeout.Token);

        Assert.True(reads.Reads - before <= Commits, $"{reads.Reads - before} feed reads for {Commits} commits followed by 10 clients");
        foreach (var (response, reader) in connections)
        {
            reader.Dispose();
            response.Dispose();
        }
    }

    [SkippableFact]
    public async Task A_client_resuming_from_an_old_position_while_others_follow_gets_every_event_once_in_order_then_shares_the_tail()
    {
        var (server, reads) = await StartAsync();
        await using var _ = server;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var resumeAfter = await HeadAsync(server);
        var live = new List<(HttpResponseMessage Response, StreamReader Reader)>();
        for (var i = 0; i < 3; i++) live.Add(await FeedTests.ConnectAsync(server.NewClient(), Stream));
        var liveReaders = live.Select(c => c.Reader).ToList();
        var liveSeen = new List<(long Id, JsonElement Data)>[3];
        for (var i = 0; i < 3; i++) liveSeen[i] = [];
        for (var i = 1; i <= 3; i++)
        {
            await server.Client.LearnAsync("demo", Http.Report($"EARLY-{i}", "igor", $"Early fact {i}"));
            var head = await HeadAsync(server);
            for (var c = 0; c < 3; c++) liveSeen[c].AddRange(await ReadUntilAsync(liveReaders[c], head, timeout.Token));
        }

        // The late client resumes after the onboarding while more reports are written and the others follow live.
        var writing = Task.Run(async () =>
        {
            for (var i = 1; i <= 5; i++) await server.NewClient().LearnAsync("demo", Http.Report($"DURING-{i}", "igor", $"Fact written during the catch-up {i}"));
        });
        var late = await FeedTests.ConnectAsync(server.NewClient(), Stream, resumeAfter);
        await writing;
        var end = await HeadAsync(server);
        var lateSeen = await ReadUntilAsync(late.Reader, end, timeout.Token);
        for (var c = 0; c < 3; c++) liveSeen[c].AddRange(await ReadUntilAsync(liveReaders[c], end, timeout.Token));

        // One stream: every version after the onboarding's, once each, in order, for the late client and for each live one.
        var versions = lateSeen.Select(e => e.Data.GetProperty("version").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(2, versions.Count).Select(v => (long)v), versions);
        Assert.True(lateSeen[0].Id > resumeAfter);
        Assert.True(lateSeen.Zip(lateSeen.Skip(1)).All(p => p.First.Id < p.Second.Id));
        foreach (var seen in liveSeen) Assert.Equal(lateSeen.Select(e => e.Id), seen.Select(e => e.Id));

        // Caught up, the late client reads no more by itself: four clients, one feed read per commit.
        var before = reads.Reads;
        var all = liveReaders.Append(late.Reader).ToList();
        for (var i = 1; i <= 2; i++) await LearnAndDeliverAsync(server, $"AFTER-{i}", all, timeout.Token);
        Assert.True(reads.Reads - before <= 2, $"{reads.Reads - before} feed reads for 2 commits followed by 4 clients");
        foreach (var (response, reader) in live.Append(late))
        {
            reader.Dispose();
            response.Dispose();
        }
    }
}

public sealed class SqliteFeedSharingTests : FeedSharingContract
{
    protected override Task<ApiServer> StartAsync(Func<KosServerOptions, KosServerOptions> tune, Action<WebApplicationBuilder> configure)
    {
        var folder = new TempFolder();
        return ApiServer.StartAsync(tune(ApiServer.Options(folder.File("kos.db"))), folder, configure);
    }
}

public sealed class PostgresFeedSharingTests : FeedSharingContract, IAsyncLifetime
{
    private readonly TestPostgres _postgres = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _postgres.DisposeAsync().AsTask();

    protected override Task<ApiServer> StartAsync(Func<KosServerOptions, KosServerOptions> tune, Action<WebApplicationBuilder> configure)
    {
        var options = ApiServer.Options("unused.db") with { Store = StoreKind.Postgres, Connection = TestPostgres.WithSchema(_postgres.NewSchema()) };
        return ApiServer.StartAsync(tune(options), null, configure);
    }
}
