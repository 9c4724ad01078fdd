using System.Text.Json;
using KnowledgeOs.Server.Feed;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Mcp;
using KnowledgeOs.Tests.Support;
using Appends = KnowledgeOs.Tests.Storage.Domain;

namespace KnowledgeOs.Tests.Api;

/// <summary>The per-team shared reader on a real SQLite store: a client that falls behind, and the reader's end.</summary>
public sealed class TeamFeedsTests : IDisposable
{
    private readonly SqliteTestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Fact]
    public async Task A_client_that_stops_reading_is_dropped_then_catches_up_alone_with_nothing_lost_or_repeated()
    {
        await using var inner = await _stores.CreateAsync(TimeProvider.System);
        var reads = new FeedReadCounter(inner);
        var signal = new ChangeSignal();
        var store = new FeedWakeUp(reads, signal);
        // Two batches of buffer: the third commit the slow client leaves unread drops it from the shared reader.
        using var feeds = new TeamFeeds(store, signal, TimeSpan.FromMinutes(10), TimeProvider.System, clientBuffer: 2);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var fast = feeds.FollowAsync("demo", 0, Timeout.InfiniteTimeSpan, timeout.Token).GetAsyncEnumerator(timeout.Token);
        await using var slow = feeds.FollowAsync("demo", 0, Timeout.InfiniteTimeSpan, timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await fast.MoveNextAsync());
        Assert.True(await slow.MoveNextAsync());
        Assert.Equal(1, feeds.Readers);

        var fastSeen = new List<long>();
        const int Commits = 8;
        for (var i = 0; i < Commits; i++)
        {
            var position = (await store.AppendAsync(new Commit("demo", [Appends.Onboard("demo", $"expert{i}")]), timeout.Token)).LastPosition;
            // One batch per commit: the fast client has each before the next is written.
            while (fastSeen.Count == 0 || fastSeen[^1] < position)
            {
                Assert.True(await fast.MoveNextAsync());
                fastSeen.AddRange(fast.Current.Events.Select(e => e.Position));
            }
        }

        var readsBefore = reads.Reads;
        var slowSeen = new List<long>();
        while (slowSeen.Count == 0 || slowSeen[^1] < fastSeen[^1])
        {
            Assert.True(await slow.MoveNextAsync());
            slowSeen.AddRange(slow.Current.Events.Select(e => e.Position));
        }

        Assert.Equal(fastSeen, slowSeen);
        Assert.Equal(fastSeen.Order().Distinct(), fastSeen);
        // What its buffer no longer held, the dropped client read from the store itself.
        Assert.True(reads.Reads > readsBefore, "the slow client was never dropped from the shared reader");
    }

    [Fact]
    public async Task A_reader_woken_by_commits_reads_the_log_head_once_not_per_commit()
    {
        await using var inner = await _stores.CreateAsync(TimeProvider.System);
        var reads = new FeedReadCounter(inner);
        var signal = new ChangeSignal();
        var store = new FeedWakeUp(reads, signal);
        // A poll that never comes: every read below is woken by a commit's pulse, which on PostgreSQL is a NOTIFY.
        using var feeds = new TeamFeeds(store, signal, TimeSpan.FromMinutes(10), TimeProvider.System);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var client = feeds.FollowAsync("demo", 0, Timeout.InfiniteTimeSpan, timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await client.MoveNextAsync());

        var seen = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            var position = (await store.AppendAsync(new Commit("demo", [Appends.Onboard("demo", $"expert{i}")]), timeout.Token)).LastPosition;
            while (seen.Count == 0 || seen[^1] < position)
            {
                Assert.True(await client.MoveNextAsync());
                seen.AddRange(client.Current.Events.Select(e => e.Position));
            }
        }

        Assert.Equal(6, seen.Count);
        // The reader's one look at where the log stood when it began; a commit costs a feed read and no head query.
        Assert.Equal(1, reads.HeadReads);
    }

    [Fact]
    public async Task A_teams_reader_stops_when_its_last_client_leaves()
    {
        await using var store = await _stores.CreateAsync(TimeProvider.System);
        using var feeds = new TeamFeeds(store, new ChangeSignal(), TimeSpan.FromMinutes(10), TimeProvider.System);
        var first = feeds.FollowAsync("demo", 0, Timeout.InfiniteTimeSpan, default).GetAsyncEnumerator();
        var second = feeds.FollowAsync("demo", 0, Timeout.InfiniteTimeSpan, default).GetAsyncEnumerator();
        var other = feeds.FollowAsync("other", 0, Timeout.InfiniteTimeSpan, default).GetAsyncEnumerator();
        foreach (var client in new[] { first, second, other }) Assert.True(await client.MoveNextAsync());
        Assert.Equal(2, feeds.Readers);

        await first.DisposeAsync();
        Assert.Equal(2, feeds.Readers);
        await second.DisposeAsync();
        Assert.Equal(1, feeds.Readers);
        await other.DisposeAsync();
        Assert.Equal(0, feeds.Readers);
    }

    [Fact]
    public async Task An_idle_reader_on_sqlite_does_no_feed_read_at_its_polls_and_still_sees_another_processs_write_at_the_next()
    {
        using var dir = new TempFolder();
        var db = dir.File("kos.db");
        Assert.Equal(0, (await KosProcess.RunAsync("demo", "--data", db, "--json")).ExitCode);
        await using var inner = await SqliteEventStore.OpenAsync(db, TimeProvider.System, CancellationToken.None);
        var reads = new FeedReadCounter(inner);
        // kos mcp's shape on SQLite: only this process's appends pulse; other processes' commits are found at the poll.
        var signal = new ChangeSignal();
        var poll = TimeSpan.FromMilliseconds(50);
        using var feeds = new TeamFeeds(new FeedWakeUp(reads, signal), signal, poll, TimeProvider.System);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var head = await inner.HeadPositionAsync(timeout.Token);
        await using var client = feeds.FollowAsync("default", head, Timeout.InfiniteTimeSpan, timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await client.MoveNextAsync());
        while (reads.Reads == 0) await Task.Delay(poll, timeout.Token);

        // Forty polls with nothing committed anywhere: the reader looks, and reads nothing.
        var idleFrom = reads.Reads;
        await Task.Delay(poll * 40, timeout.Token);
        Assert.Equal(idleFrom, reads.Reads);

        var seen = await LearnElsewhereAndReadAsync(dir, db, "IDLE-1", client, timeout.Token);
        Assert.True(seen[0].Position > head);
    }

    /// <summary>
    /// Learns a report on dmitriy in another <c>kos</c> process and returns the first events <paramref name="client"/>
    /// reads after it, each of them dmitriy's.
    /// </summary>
    internal static async Task<List<StoredEvent>> LearnElsewhereAndReadAsync(TempFolder dir, string db, string taskId, IAsyncEnumerator<FeedBatch> client, CancellationToken ct)
    {
        var report = dir.File("report.json");
        await File.WriteAllTextAsync(report, JsonSerializer.Serialize(McpHttpTests.Report(taskId, "dmitriy", "Retry budgets stop retry storms")), ct);
        Assert.Equal(0, (await KosProcess.RunAsync("learn", report, "--data", db)).ExitCode);
        var seen = new List<StoredEvent>();
        while (seen.Count == 0)
        {
            Assert.True(await client.MoveNextAsync());
            seen.AddRange(client.Current.Events);
        }
        Assert.All(seen, e => Assert.Equal("default/dmitriy", e.Stream.ToString()));
        return seen;
    }
}
