using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using KnowledgeOs.Hosting;
using KnowledgeOs.Server.Mcp;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Api;
using KnowledgeOs.Tests.Support;
using Microsoft.AspNetCore.Builder;
using ModelContextProtocol.Client;

namespace KnowledgeOs.Tests.Mcp;

/// <summary>
/// MCP subscriptions follow the team's change feed (issue #16, R8), as SSE does: a subscription of one team reads
/// only that team's events, from the log's head on, and another team's writes notify it of nothing.
/// </summary>
public abstract class McpTeamFeedContract
{
    /// <summary>A real server on loopback over the store under test, configured by <paramref name="configure"/>.</summary>
    protected abstract Task<ApiServer> StartAsync(Action<WebApplicationBuilder> configure);

    [SkippableFact]
    public async Task A_subscription_reads_only_its_team_feed_and_another_team_writes_notify_nothing()
    {
        FeedReads? reads = null;
        await using var server = await StartAsync(ServerStoreDecorator.Wrap(inner => new FeedReads(inner), made => reads = made));
        await server.Client.OnboardAsync("demo", "igor");
        await server.Client.OnboardAsync("other", "olga");
        await server.Client.LearnAsync("other", Http.Report("OTHER-0", "olga", "Ledger rows are appended, never updated"));
        await using var client = await McpHttpSubscriptionTests.ConnectAsync(server, "demo");
        var igor = KnowledgeResources.KnowledgeUri("demo", "igor");
        var notices = new ConcurrentQueue<string>();
        var notified = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.SubscribeToResourceAsync(igor, (n, _) =>
        {
            notices.Enqueue(n.Uri);
            notified.TrySetResult();
            return ValueTask.CompletedTask;
        });

        for (var i = 1; i <= 3; i++)
            await server.NewClient().LearnAsync("other", Http.Report($"OTHER-{i}", "olga", $"Settlement batch {i} is reconciled before the cut-off"));
        await server.NewClient().LearnAsync("demo", Http.Report("DEMO-1", "igor", "Outbox rows are deleted only after the broker acknowledges"));
        await notified.Task.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal([igor], notices);
        var wholeLog = reads!.Read.Where(r => r.Asked is null).ToList();
        Assert.True(wholeLog.Count == 0, $"the subscription read the whole log: {wholeLog.Count} events, {wholeLog.Count(r => r.Team == "other")} of them team other's");
        Assert.Contains(reads.Read, r => r is { Asked: "demo", Team: "demo" });
    }

    /// <summary>Records the events each change-feed read hands out: which team was asked for (null: the whole log), and whose event it was.</summary>
    private sealed class FeedReads(IEventStore inner) : ForwardingEventStore(inner), IEventStore
    {
        public ConcurrentQueue<(string? Asked, string Team)> Read { get; } = new();

        // Re-implemented: the base forwards the whole-log read without a hook.
        IAsyncEnumerable<StoredEvent> IEventStore.ReadAllAsync(long afterPosition, CancellationToken ct) =>
            RecordAsync(null, ReadAllAsync(afterPosition, ct), ct);

        public override IAsyncEnumerable<StoredEvent> ReadTeamAfterAsync(string team, long afterPosition, CancellationToken ct) =>
            RecordAsync(team, base.ReadTeamAfterAsync(team, afterPosition, ct), ct);

        private async IAsyncEnumerable<StoredEvent> RecordAsync(string? asked, IAsyncEnumerable<StoredEvent> events, [EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (var e in events.WithCancellation(ct))
            {
                Read.Enqueue((asked, e.Stream.Team));
                yield return e;
            }
        }
    }
}

public sealed class SqliteMcpTeamFeedTests : McpTeamFeedContract
{
    protected override Task<ApiServer> StartAsync(Action<WebApplicationBuilder> configure)
    {
        var folder = new TempFolder();
        return ApiServer.StartAsync(ApiServer.Options(folder.File("kos.db")), folder, configure);
    }
}

public sealed class PostgresMcpTeamFeedTests : McpTeamFeedContract, IAsyncLifetime
{
    private readonly TestPostgres _postgres = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _postgres.DisposeAsync().AsTask();

    protected override Task<ApiServer> StartAsync(Action<WebApplicationBuilder> configure)
    {
        var options = ApiServer.Options("unused.db") with { Store = StoreKind.Postgres, Connection = TestPostgres.WithSchema(_postgres.NewSchema()) };
        return ApiServer.StartAsync(options, null, configure);
    }
}
