using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Postgres;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace KnowledgeOs.Tests.Api;

/// <summary>
/// Two real <c>kos serve</c> processes on one PostgreSQL database, as behind a load balancer: eight writers report on
/// the same expert through both for 20 s, one server is killed mid-run, and an SSE client on the other watches. No
/// request is answered 409: the servers take turns on the expert through the database instead of racing.
/// </summary>
public sealed class TwoServersOnPostgresTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestPostgres _postgres = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _postgres.DisposeAsync().AsTask();

    [SkippableFact]
    public async Task Eight_writers_through_two_servers_one_killed_lose_no_acknowledged_report_and_the_feed_has_no_gap()
    {
        TestPostgres.Require();
        var connection = TestPostgres.WithSchema(_postgres.NewSchema());
        string[] store = ["--store", "postgres", "--connection", connection, "--team", "atra"];

        // One key, created once, is valid on every server: the key table is in the shared database.
        var created = await Kos.RunAsync([.. "keys create --name load --scope read,write,admin --json".Split(' '), .. store]);
        Assert.True(created.ExitCode == 0, created.Error);
        var key = JsonDocument.Parse(created.Out).RootElement.GetProperty("key").GetString()!;

        await using var a = await ServeProcess.StartAsync(store);
        await using var b = await ServeProcess.StartAsync(store);
        foreach (var server in new[] { a, b })
        {
            server.Client.DefaultRequestHeaders.Authorization = new("Bearer", key);
            using var anonymous = new HttpClient { BaseAddress = server.Address };
            using var refused = await anonymous.GetAsync("api/v1/teams/atra/experts");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
        using (var onboard = await a.Client.PostAsync("api/v1/teams/atra/experts", Http.Json(Http.Expert("igor"))))
            Assert.True(onboard.IsSuccessStatusCode, await onboard.Content.ReadAsStringAsync());

        // The feed on B, from the start: it must see what A writes as well as its own, in global order.
        using var feedCancel = new CancellationTokenSource();
        var feed = new List<(long Position, long Version, string Type)>();
        var feedTask = Task.Run(() => ReadFeedAsync(b, key, feed, feedCancel.Token));

        var reports = new ConcurrentDictionary<string, string>();
        var acknowledged = new ConcurrentBag<string>();
        var cut = 0;
        var stopAt = Stopwatch.GetTimestamp() + (long)(MultiNodeRun.Duration.TotalSeconds * Stopwatch.Frequency);
        var killAt = Stopwatch.GetTimestamp() + (long)(MultiNodeRun.Duration.TotalSeconds / 2 * Stopwatch.Frequency);
        bool Running() => Stopwatch.GetTimestamp() < stopAt;

        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var n = 0; Running(); n++)
            {
                var id = $"W{w}-{n:0000}";
                var json = reports[id] = MultiNodeRun.ReportJson(id, n);
                // Half the writers start on A; once A is gone (a refused connection, a cut response) they move to B
                // and send the same report again: the task id makes the repeat harmless whether or not A stored it.
                for (var attempt = 0; ; attempt++)
                {
                    var server = w % 2 == 0 && a.Running ? a : b;
                    try
                    {
                        using var response = await server.Client.PostAsync("api/v1/teams/atra/reports", Http.Json(json));
                        // Both servers write this one expert, yet neither answers 409: writers take turns through the
                        // database's write lease, so no write loses a version check to the other server.
                        Assert.True(response.IsSuccessStatusCode, $"{id} through {(server == a ? "A" : "B")}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        acknowledged.Add(id);
                        break;
                    }
                    // A connection to the killed server can also fail outside HttpRequestException: .NET reads the
                    // socket's remote end point after connecting, and a peer gone by then throws SocketException.
                    catch (Exception cutOff) when (server == a && cutOff is HttpRequestException or System.Net.Sockets.SocketException or IOException)
                    {
                        Interlocked.Increment(ref cut);
                        // A killed process refuses connections at once but is reported exited only once reaped: without a
                        // pause, 500 refusals can come before a.Running turns false (CI ci104: "W6-0340 was never accepted").
                        await Task.Delay(10);
                    }
                    Assert.True(attempt < 500, $"{id} was never accepted");
                }
            }
        })).ToList();

        var killer = Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < killAt) await Task.Delay(100);
            await a.KillAsync();
        });
        await Task.WhenAll(writers.Append(killer));
        Assert.False(a.Running);

        // What the database holds, read directly.
        await using var db = await PostgresEventStore.OpenAsync(connection, TimeProvider.System, default);
        var igor = new StreamId("atra", "igor");
        var snapshot = (await db.LoadAsync(igor, default))!;
        var stream = new List<StoredEvent>();
        await foreach (var e in db.ReadStreamAsync(igor, null, default)) stream.Add(e);
        var completed = stream.Select(e => e.Event).OfType<TaskCompleted>().Select(t => t.TaskId).ToList();

        output.WriteLine($"{acknowledged.Count} reports acknowledged, {completed.Count} stored, {cut} requests cut by the kill and resent to B, {stream.Count} events");
        Assert.True(acknowledged.Count > 16, $"only {acknowledged.Count} reports were acknowledged");
        // No lost update: every acknowledged report is in the knowledge base, also those A acknowledged before it died.
        Assert.Empty(acknowledged.Except(snapshot.State.Tasks.Select(t => t.TaskId)));
        // No duplicate: each report applied once, though some were sent to both servers.
        Assert.Equal(completed.Count, completed.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, stream.Count).Select(i => (long)i), stream.Select(e => e.Version));

        // The feed on B delivered every event of the team, from both servers, in global order without a gap.
        var all = new List<long>();
        await foreach (var e in db.ReadAllAsync(0, default)) all.Add(e.Position);
        Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all);
        var deadline = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
        while (Count(feed) < all.Count && Stopwatch.GetTimestamp() < deadline) await Task.Delay(100);
        await feedCancel.CancelAsync();
        await feedTask;
        List<(long Position, long Version, string Type)> seen;
        lock (feed) seen = [.. feed];
        Assert.Equal(all, seen.Select(e => e.Position));
        Assert.Equal(stream.Select(e => e.Version), seen.Select(e => e.Version));

        // The final knowledge base equals applying the stored reports one by one, in commit order, on a fresh store.
        using var dir = new TempFolder();
        // Onboarding is decided from the clock, learning from the reports' own times: the replay's clock is the onboarding's.
        var onboarded = (ExpertOnboarded)stream[0].Event;
        var clock = new FakeTimeProvider(onboarded.At);
        await using var replay = await SqliteEventStore.OpenAsync(dir.File("replay.db"), clock, default);
        var alone = new KnowledgeService(replay, clock);
        await alone.OnboardAsync("atra", new OnboardExpert(onboarded.Slug, onboarded.DisplayName, onboarded.Role, onboarded.Project, onboarded.Priority, onboarded.Status, onboarded.Responsibility, onboarded.Duties, onboarded.Tags), onboarded.Source, default);
        foreach (var id in completed) Assert.False((await alone.LearnAsync("atra", ReportParser.Parse(reports[id], id), false, default)).Duplicate);
        var expected = (await replay.LoadAsync(igor, default))!;
        Assert.Equal(StoredState.Write(expected.State), StoredState.Write(snapshot.State));
        Assert.Equal(expected.Version, snapshot.Version);
    }

    private static int Count(List<(long, long, string)> feed)
    {
        lock (feed) return feed.Count;
    }

    private static async Task ReadFeedAsync(ServeProcess server, string key, List<(long Position, long Version, string Type)> feed, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = server.Address, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        try
        {
            using var response = await client.GetAsync("api/v1/teams/atra/events/stream?from=start", HttpCompletionOption.ResponseHeadersRead, ct);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
            string? id = null, data = null;
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                if (line.Length == 0)
                {
                    if (id is not null && data is not null)
                    {
                        var view = JsonDocument.Parse(data).RootElement;
                        lock (feed) feed.Add((long.Parse(id, CultureInfo.InvariantCulture), view.GetProperty("version").GetInt64(), view.GetProperty("type").GetString()!));
                    }
                    id = data = null;
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // Cancelling a read of the response stream surfaces as OperationCanceledException or as an IOException,
            // depending on where the read was; either way the test asked it to stop.
        }
    }
}
