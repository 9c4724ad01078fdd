using System.Text.Json;
using KnowledgeOs.Server.Feed;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Mcp;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Logging;

namespace KnowledgeOs.Tests.Api;

/// <summary>
/// On SQLite, another process's commit wakes the change feeds through a watch on the database file, not a short poll
/// (issue #16): the tests set the poll to ten minutes, so only the watch can deliver within them.
/// </summary>
public sealed class FeedFileWakeTests
{
    private static readonly TimeSpan TenMinutes = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task The_sse_feed_of_kos_serve_on_sqlite_delivers_another_processs_write_without_waiting_for_the_poll()
    {
        using var folder = new TempFolder();
        var db = folder.File("kos.db");
        Assert.Equal(0, (await KosProcess.RunAsync("demo", "--data", db, "--json")).ExitCode);
        await using var server = await ApiServer.StartAsync(ApiServer.Options(db) with { FeedPollInterval = TenMinutes });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var (response, reader) = await FeedTests.ConnectAsync(server.Client, "api/v1/teams/default/events/stream");
        using (response)
        using (reader)
        {
            var report = folder.File("report.json");
            await File.WriteAllTextAsync(report, JsonSerializer.Serialize(McpHttpTests.Report("FILE-1", "dmitriy", "Retry budgets stop retry storms")), timeout.Token);
            Assert.Equal(0, (await KosProcess.RunAsync("learn", report, "--data", db)).ExitCode);

            var seen = await FeedTests.ReadEventsAsync(reader, 1, timeout.Token);
            Assert.Equal("dmitriy", seen[0].Data.GetProperty("expert").GetString());
        }
    }

    [Fact]
    public async Task An_idle_reader_with_the_watch_makes_no_look_at_the_default_poll_and_the_watch_ends_with_its_last_reader()
    {
        using var dir = new TempFolder();
        var db = dir.File("kos.db");
        Assert.Equal(0, (await KosProcess.RunAsync("demo", "--data", db, "--json")).ExitCode);
        await using var inner = await SqliteEventStore.OpenAsync(db, TimeProvider.System, CancellationToken.None);
        var reads = new FeedReadCounter(inner);
        var signal = new ChangeSignal();
        var store = new FeedWakeUp(reads, signal);
        var watch = new FileCommitWatch(db, store, signal, TimeProvider.System, new Warnings());
        // kos mcp's default poll: without the watch, a reader looks at the head twice a second.
        var poll = TimeSpan.FromMilliseconds(500);
        using var feeds = new TeamFeeds(store, signal, poll, TimeProvider.System, watch: watch);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var head = await inner.HeadPositionAsync(timeout.Token);
        var client = feeds.FollowAsync("default", head, Timeout.InfiniteTimeSpan, timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await client.MoveNextAsync());
        while (reads.Reads == 0) await Task.Delay(poll, timeout.Token);
        Assert.True(watch.Watching);
        // The looks that follow start-up's writes (opening the file) end within the watch's settle time (1.4 s); wait
        // until two seconds pass without one, at most ten times (a reader that polls never gets quiet, and fails below).
        for (var (last, tries) = (-1, 0); reads.HeadReads != last && tries < 10; tries++)
        {
            last = reads.HeadReads;
            await Task.Delay(TimeSpan.FromSeconds(2), timeout.Token);
        }

        // Six of the default polls with nothing written anywhere: no look at the head, no feed read.
        var idleFrom = (reads.HeadReads, reads.Reads);
        await Task.Delay(poll * 6, timeout.Token);
        Assert.Equal(idleFrom, (reads.HeadReads, reads.Reads));

        // Another process's write is still delivered, by the watch (the safety net is 30 s away).
        var seen = await TeamFeedsTests.LearnElsewhereAndReadAsync(dir, db, "FILE-2", client, timeout.Token);

        // The last reader gone, the watch goes too: nothing is left watching the file.
        await client.DisposeAsync();
        Assert.Equal(0, feeds.Readers);
        Assert.False(watch.Watching);
    }

    [Fact]
    public async Task Where_the_file_cannot_be_watched_the_feeds_keep_their_poll_and_it_is_said_once()
    {
        using var dir = new TempFolder();
        await using var store = await SqliteEventStore.OpenAsync(dir.File("kos.db"), TimeProvider.System, CancellationToken.None);
        var warnings = new Warnings();
        var signal = new ChangeSignal();
        // A folder that is not there: no watch can be set on it, as where inotify's limits are reached.
        var missing = new FileCommitWatch(Path.Combine(dir.Path, "gone", "kos.db"), store, signal, TimeProvider.System, warnings);
        var poll = TimeSpan.FromMilliseconds(500);
        for (var i = 0; i < 2; i++)
        {
            missing.Start();
            Assert.False(missing.Watching);
            Assert.Equal(poll, missing.Poll(poll));
            missing.Stop();
        }
        Assert.Single(warnings.Lines);

        var watched = new FileCommitWatch(dir.File("kos.db"), store, signal, TimeProvider.System, warnings);
        watched.Start();
        Assert.Equal(FileCommitWatch.SafetyNet, watched.Poll(poll));
        Assert.Equal(TimeSpan.FromMinutes(10), watched.Poll(TimeSpan.FromMinutes(10)));
        watched.Stop();
        Assert.Equal(poll, watched.Poll(poll));
        Assert.Single(warnings.Lines);
    }

    /// <summary>The warnings logged, kept to be counted.</summary>
    private sealed class Warnings : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) lock (Lines) Lines.Add(formatter(state, exception));
        }
    }
}
