using System.Diagnostics;
using System.Globalization;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Bench;

/// <summary>
/// Appends per second and latency of the SQLite store (WAL, synchronous=FULL) for one writer and for many
/// concurrent writers (group commit). Each append is one KnowledgeRecorded decided by the real domain.
/// </summary>
public sealed class StoreBench : IBench
{
    /// <inheritdoc/>
    public string Name => "store";

    /// <inheritdoc/>
    public string Description => "SQLite event store: appends/s and p50/p99 latency, 1 and N concurrent writers [--appends N] [--writers N] [--experts N] [--dir path]";

    /// <inheritdoc/>
    public async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var appends = Measure.Int(args, "--appends", 4000);
        var writers = Measure.Int(args, "--writers", 32);
        var experts = Measure.Int(args, "--experts", 256);
        var dir = Measure.Text(args, "--dir", Path.GetTempPath())!;
        Console.WriteLine($"machine: {Measure.Machine()}");
        Console.WriteLine($"appends per run: {appends}, experts: {experts}, folder: {dir}");
        Console.WriteLine();
        Console.WriteLine("| writers | appends | appends/s | p50 ms | p99 ms | max ms |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        string? reads = null;
        foreach (var count in new[] { 1, writers })
        {
            var (row, loads) = await RunOnceAsync(dir, count, appends, experts, ct);
            Console.WriteLine(row);
            reads ??= loads;
        }
        Console.WriteLine();
        Console.WriteLine("| read | calls | calls/s | p50 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Console.WriteLine(reads);
        return 0;
    }

    private static async Task<(string Row, string Reads)> RunOnceAsync(string dir, int writers, int appends, int expertCount, CancellationToken ct)
    {
        var path = Path.Combine(dir, $"kos-bench-{Guid.NewGuid():N}", "kos.db");
        try
        {
            await using var store = await SqliteEventStore.OpenAsync(path, TimeProvider.System, ct);
            var onboard = Enumerable.Range(0, expertCount).Select(i => Onboard($"e{i:0000}")).ToList();
            await store.AppendAsync(new Commit("bench", onboard), ct);
            // Each writer owns its own experts, so every append is accepted: this measures the store, not conflicts.
            var streams = onboard.Select(a => (a.Stream, a.NewState, Version: 1L)).ToArray();
            var latencies = new double[appends];
            var next = -1;
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                var mine = Enumerable.Range(0, expertCount).Where(i => i % writers == w).ToArray();
                var turn = 0;
                int n;
                while ((n = Interlocked.Increment(ref next)) < appends)
                {
                    var index = mine[turn++ % mine.Length];
                    var (stream, state, version) = streams[index];
                    var events = ExpertDecider.Add(state, new AddKnowledge(SectionKind.Learned,
                        $"Lesson {n}: batch the fsyncs of concurrent writers into one transaction to keep durability cheap"),
                        $"task:T-{n}", DateTimeOffset.UtcNow);
                    var newState = ExpertState.Fold(state, events)!;
                    var t0 = Stopwatch.GetTimestamp();
                    await store.AppendAsync(new Commit("bench", [new StreamAppend(stream, version, events, newState)]), ct);
                    latencies[n] = Measure.Ms(t0, Stopwatch.GetTimestamp());
                    streams[index] = (stream, newState, version + events.Count);
                }
            }, ct)));
            var seconds = Measure.Ms(started, Stopwatch.GetTimestamp()) / 1000;
            if (await store.ReadAllAsync(0, ct).CountAsync(ct) != expertCount + appends) throw new InvalidOperationException("Events were lost.");
            Array.Sort(latencies);
            var row = string.Create(CultureInfo.InvariantCulture,
                $"| {writers} | {appends} | {appends / seconds:N0} | {Measure.Percentile(latencies, 50):0.00} | {Measure.Percentile(latencies, 99):0.00} | {latencies[^1]:0.00} |");
            return (row, await ReadsAsync(store, streams.Select(s => s.Stream).ToArray(), ct));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    /// <summary>LoadAsync of random experts, one caller: a read opens a pooled connection and deserializes the state.</summary>
    private static async Task<string> ReadsAsync(SqliteEventStore store, StreamId[] streams, CancellationToken ct)
    {
        const int calls = 2000;
        var latencies = new double[calls];
        var random = new Random(7);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < calls; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            _ = await store.LoadAsync(streams[random.Next(streams.Length)], ct) ?? throw new InvalidOperationException("An expert is missing.");
            latencies[i] = Measure.Ms(t0, Stopwatch.GetTimestamp());
        }
        var seconds = Measure.Ms(started, Stopwatch.GetTimestamp()) / 1000;
        Array.Sort(latencies);
        var items = (await store.LoadAsync(streams[0], ct))!.State.Items.Count;
        return string.Create(CultureInfo.InvariantCulture,
            $"| LoadAsync (~{items} items per expert) | {calls} | {calls / seconds:N0} | {Measure.Percentile(latencies, 50):0.00} | {Measure.Percentile(latencies, 99):0.00} | {latencies[^1]:0.00} |");
    }

    private static StreamAppend Onboard(string slug)
    {
        var events = ExpertDecider.Onboard(null, new OnboardExpert(slug, "Expert " + slug, "Backend Developer", "BENCH"), "manual:bench", DateTimeOffset.UtcNow);
        return new StreamAppend(new StreamId("bench", slug), ExpectedVersion.NoStream, events, ExpertState.Fold(null, events)!);
    }
}
