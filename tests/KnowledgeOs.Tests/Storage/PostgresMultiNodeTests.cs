using System.Collections.Concurrent;
using System.Diagnostics;
using KnowledgeOs.Application;
using KnowledgeOs.Cli.Infrastructure;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Postgres;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Storage;

/// <summary>
/// Several writers on one PostgreSQL database: two store instances in this process (what two stateless servers each
/// hold) and a separate <c>kos learn</c> process that is killed mid-report, all reporting on the same expert.
/// The same through two real <c>kos serve</c> processes is <c>Api/TwoServersOnPostgresTests</c>; this one adds a
/// killed CLI writer and checks at the store level.
/// </summary>
public sealed class PostgresMultiNodeTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TestPostgres _postgres = new();
    private readonly TempFolder _dir = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        _dir.Dispose();
    }

    [SkippableFact]
    public async Task Eight_writers_through_two_instances_and_a_killed_process_lose_no_acknowledged_report_and_apply_each_once()
    {
        TestPostgres.Require();
        var schema = _postgres.NewSchema();
        var connection = TestPostgres.WithSchema(schema);
        // A fixed clock: onboarding is decided from it, learning from the reports' own times, so a replay is comparable.
        var clock = new FakeTimeProvider(Domain.Start);
        await using var one = await PostgresEventStore.OpenAsync(connection, clock, Ct);
        await using var two = await PostgresEventStore.OpenAsync(connection, clock, Ct);
        var services = new[] { new KnowledgeService(one, clock, maxConflictRetries: 200), new KnowledgeService(two, clock, maxConflictRetries: 200) };
        await services[0].OnboardAsync("atra", new OnboardExpert("igor", "Игорь", "Backend Developer", "ATRA"), "manual:test", Ct);

        var reports = new ConcurrentDictionary<string, TaskReport>();
        var acknowledged = new ConcurrentBag<string>();
        var refused = new ConcurrentBag<string>();
        var stopAt = Stopwatch.GetTimestamp() + (long)(MultiNodeRun.Duration.TotalSeconds * Stopwatch.Frequency);
        bool Running() => Stopwatch.GetTimestamp() < stopAt;

        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var n = 0; Running(); n++)
            {
                var id = $"W{w}-{n:0000}";
                var report = reports[id] = ReportParser.Parse(MultiNodeRun.ReportJson(id, n), id);
                var result = await services[w % 2].LearnAsync("atra", report, false, Ct);
                Assert.False(result.Duplicate, $"{id} was new but came back as a duplicate");
                acknowledged.Add(id);
            }
        })).ToList();

        // Another process writing the same expert through its own store, one `kos learn` per report; killed once mid-flight.
        var killed = 0;
        var runs = new List<double>();
        var child = Task.Run(async () =>
        {
            // Runs at least until its kill, however slow process start-up is on a loaded machine.
            for (var n = 0; Running() || killed == 0 || n <= 3; n++)
            {
                var id = $"P-{n:0000}";
                var file = _dir.Write($"{id}.json", MultiNodeRun.ReportJson(id, n));
                reports[id] = ReportParser.Parse(await File.ReadAllTextAsync(file), file);
                var launched = Stopwatch.GetTimestamp();
                using var process = Process.Start(KosProcess.Start(["learn", file, "--store", "postgres", "--connection", connection, "--team", "atra"]))!;
                var output = process.StandardOutput.ReadToEndAsync();
                var error = process.StandardError.ReadToEndAsync();
                if (killed == 0 && n == 2)
                {
                    // Kill the third run late in its life, when it is connected and deciding or writing (the first two
                    // runs tell how long a run takes here): what it had not acknowledged may or may not land.
                    await Task.Delay(TimeSpan.FromMilliseconds(runs.Average() * 0.8));
                    process.Kill(entireProcessTree: true);
                    killed++;
                }
                await process.WaitForExitAsync();
                runs.Add(Stopwatch.GetElapsedTime(launched).TotalMilliseconds);
                await Task.WhenAll(output, error);
                if (process.ExitCode == 0) acknowledged.Add(id);
                // Its retry budget spent against eight hot writers: a conflict, and nothing of it may be stored.
                else if (process.ExitCode == ExitCodes.Conflict) refused.Add(id);
                else Assert.True(killed == 1 && n == 2, $"kos learn {id} exited {process.ExitCode}: {await output} {await error}");
            }
        });
        await Task.WhenAll(writers.Append(child));

        var snapshot = (await one.LoadAsync(new StreamId("atra", "igor"), Ct))!;
        var stream = new List<StoredEvent>();
        await foreach (var e in two.ReadStreamAsync(new StreamId("atra", "igor"), null, Ct)) stream.Add(e);
        var completed = stream.Select(e => e.Event).OfType<TaskCompleted>().Select(t => t.TaskId).ToList();

        Assert.Equal(1, killed);
        Assert.True(acknowledged.Count > 16, $"only {acknowledged.Count} reports were acknowledged");
        // No lost update: every acknowledged report is in the knowledge base.
        Assert.Empty(acknowledged.Except(snapshot.State.Tasks.Select(t => t.TaskId)));
        Assert.Empty(refused.Intersect(completed));
        // No duplicate: each report was applied once.
        Assert.Equal(completed.Count, completed.Distinct().Count());
        Assert.Equal(completed.Order(), snapshot.State.Tasks.Select(t => t.TaskId).Order());
        Assert.Equal(Enumerable.Range(1, stream.Count).Select(i => (long)i), stream.Select(e => e.Version));
        Assert.Equal(snapshot.Version, stream.Count);
        var positions = new List<long>();
        await foreach (var e in one.ReadAllAsync(0, Ct)) positions.Add(e.Position);
        Assert.Equal(Enumerable.Range(1, positions.Count).Select(i => (long)i), positions);

        // The final knowledge base equals applying the stored reports one by one, in the order they were committed.
        await using var replay = await SqliteEventStore.OpenAsync(_dir.File("replay.db"), clock, Ct);
        var alone = new KnowledgeService(replay, clock);
        await alone.OnboardAsync("atra", new OnboardExpert("igor", "Игорь", "Backend Developer", "ATRA"), "manual:test", Ct);
        foreach (var id in completed) Assert.False((await alone.LearnAsync("atra", reports[id], false, Ct)).Duplicate);
        var expected = (await replay.LoadAsync(new StreamId("atra", "igor"), Ct))!;
        Assert.Equal(StoredState.Write(expected.State), StoredState.Write(snapshot.State));
        Assert.Equal(expected.Version, snapshot.Version);
    }
}
