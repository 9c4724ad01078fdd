using System.Text.Json;
using KnowledgeOs.Server.Mcp;
using KnowledgeOs.Tests.Api;
using KnowledgeOs.Tests.Support;
using ModelContextProtocol.Client;

namespace KnowledgeOs.Tests.Mcp;

/// <summary>
/// An MCP subscription waits on the store's change signal, not on a clock (issue #16): an idle one reads nothing, and a
/// write is notified at once, with the poll (the fallback for other processes' writes on SQLite) set to ten minutes.
/// </summary>
public sealed class McpSubscriptionWakeTests
{
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);

    // kos mcp's fallback poll at ten minutes: only the wake-up can notify within a test.
    private static readonly Dictionary<string, string?> LongPoll = new() { ["KOS_FEED_POLL_MS"] = ((long)TenMinutes.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>Subscribes to <paramref name="uri"/>; the task completes with the first notified address.</summary>
    /// <summary>A SQLite file with the demo team, and <c>kos mcp</c> over stdio on it with <paramref name="environment"/>.</summary>
    private static async Task<McpClient> StartOnDemoAsync(string db, IDictionary<string, string?> environment)
    {
        Assert.Equal(0, (await Kos.RunAsync("demo", "--data", db, "--json")).ExitCode);
        return await KosMcp.StartAsync(db, new McpClientOptions { ProtocolVersion = "2025-11-25" }, environment);
    }

    private static async Task<Task<string>> SubscribeAsync(McpClient client, string uri)
    {
        var notified = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await client.SubscribeToResourceAsync(uri, (n, _) =>
        {
            notified.TrySetResult(n.Uri);
            return ValueTask.CompletedTask;
        });
        return notified.Task;
    }

    [Fact]
    public async Task Over_http_a_write_wakes_the_subscription_and_an_idle_one_reads_no_feed()
    {
        FeedReadCounter? reads = null;
        var folder = new TempFolder();
        var options = ApiServer.Options(folder.File("kos.db")) with { FeedPollInterval = TenMinutes };
        await using var server = await ApiServer.StartAsync(options, folder, ServerStoreDecorator.Wrap(inner => new FeedReadCounter(inner), made => reads = made));
        await server.Client.OnboardAsync("demo", "igor");
        await using var client = await McpHttpSubscriptionTests.ConnectAsync(server, "demo");
        var notified = await SubscribeAsync(client, KnowledgeResources.KnowledgeUri("demo", "igor"));

        await server.Client.LearnAsync("demo", Http.Report("WAKE-1", "igor", "Outbox rows are deleted only after the broker acknowledges"));
        await notified.WaitAsync(TimeSpan.FromMinutes(1));

        // Idle for eight of the old 250 ms polls (and far less than one of the ten-minute fallback): no feed read at all.
        var idleFrom = reads!.Reads;
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(idleFrom, reads.Reads);
    }

    [Fact]
    public async Task Over_stdio_a_report_learned_through_the_session_is_notified_without_waiting_for_the_poll()
    {
        using var dir = new TempFolder();
        var db = dir.File("kos.db");
        await using var client = await StartOnDemoAsync(db, LongPoll);
        var uri = KnowledgeResources.KnowledgeUri("default", "dmitriy");
        var notified = await SubscribeAsync(client, uri);

        var report = McpHttpTests.Report("WAKE-2", "dmitriy", "Retry budgets stop retry storms");
        var learned = JsonDocument.Parse(McpHttpTests.Text(await client.CallToolAsync("learn_from_report", new Dictionary<string, object?> { ["report"] = report }))).RootElement;
        Assert.Equal(["dmitriy"], learned.GetProperty("experts").EnumerateArray().Select(e => e.GetString()));

        Assert.Equal(uri, await notified.WaitAsync(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Over_stdio_on_sqlite_a_report_learned_by_another_process_is_notified_at_the_poll()
    {
        using var dir = new TempFolder();
        var db = dir.File("kos.db");
        await using var client = await StartOnDemoAsync(db, new Dictionary<string, string?> { ["KOS_FEED_POLL_MS"] = "100" });
        var uri = KnowledgeResources.KnowledgeUri("default", "dmitriy");
        var notified = await SubscribeAsync(client, uri);
        // Idle polls first: kos mcp looks at the file's change counter, and must still read when another process commits.
        await Task.Delay(TimeSpan.FromSeconds(1));

        var report = dir.File("report.json");
        await File.WriteAllTextAsync(report, JsonSerializer.Serialize(McpHttpTests.Report("WAKE-4", "dmitriy", "Outbox rows are deleted only after the broker acknowledges")));
        Assert.Equal(0, (await KosProcess.RunAsync("learn", report, "--data", db)).ExitCode);

        Assert.Equal(uri, await notified.WaitAsync(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task Over_stdio_on_sqlite_a_report_learned_by_another_process_is_notified_without_waiting_for_the_poll()
    {
        using var dir = new TempFolder();
        var db = dir.File("kos.db");
        // The poll at ten minutes: only a wake-up on the file's write can notify within the test.
        await using var client = await StartOnDemoAsync(db, LongPoll);
        var uri = KnowledgeResources.KnowledgeUri("default", "dmitriy");
        var notified = await SubscribeAsync(client, uri);

        var report = dir.File("report.json");
        await File.WriteAllTextAsync(report, JsonSerializer.Serialize(McpHttpTests.Report("WAKE-5", "dmitriy", "Outbox rows are deleted only after the broker acknowledges")));
        Assert.Equal(0, (await KosProcess.RunAsync("learn", report, "--data", db)).ExitCode);

        Assert.Equal(uri, await notified.WaitAsync(TimeSpan.FromMinutes(1)));
    }

    [SkippableFact]
    public async Task On_postgres_a_report_learned_by_another_process_is_notified_without_waiting_for_the_poll()
    {
        await using var postgres = new TestPostgres();
        var connection = TestPostgres.WithSchema(postgres.NewSchema());
        string[] store = ["--store", "postgres", "--connection", connection];
        Assert.Equal(0, (await Kos.RunAsync(["demo", .. store, "--json"])).ExitCode);
        await using var client = await KosMcp.StartAsync(store, new McpClientOptions { ProtocolVersion = "2025-11-25" }, LongPoll);
        var uri = KnowledgeResources.KnowledgeUri("default", "dmitriy");
        var notified = await SubscribeAsync(client, uri);

        // Another process writes (this test's, through the CLI): only its NOTIFY can wake kos mcp before ten minutes.
        using var dir = new TempFolder();
        var report = dir.File("report.json");
        await File.WriteAllTextAsync(report, JsonSerializer.Serialize(McpHttpTests.Report("WAKE-3", "dmitriy", "Outbox rows are deleted only after the broker acknowledges")));
        Assert.Equal(0, (await Kos.RunAsync(["learn", report, .. store])).ExitCode);

        Assert.Equal(uri, await notified.WaitAsync(TimeSpan.FromMinutes(1)));
    }
}
