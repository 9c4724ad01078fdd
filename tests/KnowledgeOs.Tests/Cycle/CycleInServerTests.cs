using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Server;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Tests.Api;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Cycle;

/// <summary>The cycle as a background service of a real <c>kos serve</c>.</summary>
public sealed class CycleInServerTests
{
    [Fact]
    public async Task The_server_runs_the_cycle_in_the_background_and_catches_up_at_start()
    {
        var folder = new TempFolder();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.Zero));
        var path = folder.File("kos.db");
        await using (var store = await SqliteEventStore.OpenAsync(path, time, default))
        {
            await new KnowledgeService(store, time).OnboardAsync("demo", new OnboardExpert("ivan", "Иван", "Team Lead"), "manual:test", default);
        }
        await using var server = await ApiServer.StartAsync(ApiServer.Options(path) with { RunCycle = true, Time = time }, folder);
        var output = Path.Combine(folder.Path, "cycle", "digests", "demo", "2026-03-05.md");
        for (var i = 0; i < 200 && !File.Exists(output); i++) await Task.Delay(50);
        Assert.True(File.Exists(output), "the daily digest of the start-up tick");
        await using var check = await SqliteEventStore.OpenAsync(path, time, default);
        var events = new List<KnowledgeEvent>();
        await foreach (var e in check.ReadStreamAsync(new KnowledgeOs.Storage.StreamId("demo", "ivan"), null, default)) events.Add(e.Event);
        Assert.Single(events.OfType<LevelReached>());
    }

    [Fact]
    public async Task A_server_with_a_bad_cron_expression_does_not_start_and_says_why()
    {
        var folder = new TempFolder();
        Environment.SetEnvironmentVariable("Cycle__Daily", null);
        var config = folder.Write("cycle.json", """{ "Cycle": { "Daily": "61 * * * *" } }""");
        Environment.SetEnvironmentVariable("KOS_CYCLE_CONFIG", config);
        try
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await using var server = await ApiServer.StartAsync(ApiServer.Options(folder.File("kos.db")) with { RunCycle = true }, folder);
            });
            Assert.Contains("Cycle:Daily: '61 * * * *' is not a valid cron expression", ex.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("KOS_CYCLE_CONFIG", null);
        }
    }
}
