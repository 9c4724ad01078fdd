using System.Diagnostics;
using System.Globalization;
using KnowledgeOs.Embeddings;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Hosting;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Hosting.Embeddings;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Bench;

/// <summary>
/// Optional embeddings: how fast <c>kos reindex --embeddings</c> drains a store through a real HTTP endpoint on
/// loopback (Ollama's wire format, hashed bag-of-words vectors, so the endpoint costs little and the figure is
/// KnowledgeOS's own: HTTP, JSON, the vector table), and exact cosine search over a team's vectors — the in-memory
/// scan alone, and the up-to-date check of the cache a search pays first.
/// </summary>
public sealed class EmbeddingBench : IBench
{
    private const string Team = "bench";

    /// <inheritdoc/>
    public string Name => "embeddings";

    /// <inheritdoc/>
    public string Description => "reindex throughput via a loopback embedder, cosine search p50/p95/p99 [--items 5000] [--vectors 50000] [--dimension 768] [--queries 300]";

    /// <inheritdoc/>
    public async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var items = Measure.Int(args, "--items", 5000);
        var vectors = Measure.Int(args, "--vectors", 50_000);
        var dimension = Measure.Int(args, "--dimension", 768);
        var queries = Measure.Int(args, "--queries", 300);
        Console.WriteLine($"machine: {Measure.Machine()}");
        Console.WriteLine();
        await ThroughputAsync(items, dimension, ct);
        Console.WriteLine();
        await SearchAsync(vectors, dimension, queries, ct);
        Console.WriteLine();
        Console.WriteLine($"load after: {Measure.Load()}");
        return 0;
    }

    private static async Task ThroughputAsync(int items, int dimension, CancellationToken ct)
    {
        await using var endpoint = await LoopbackEndpoint.StartAsync(t => Embed(t, dimension));
        await WithStoreAsync(async store =>
        {
            await GenerateAsync(store, items, ct);
            var options = EmbeddingOptions.Resolve($"ollama:bench@{endpoint.Address}")!;
            Console.WriteLine("| items | dimension | batch | concurrency | seconds | items/s |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
            using var stack = new EmbeddingStack(await ServerDatabase.OpenAsync(store, ct), options, TimeProvider.System);
            var start = Stopwatch.GetTimestamp();
            var done = await stack.Indexer.DrainAsync(null, ct);
            var seconds = Measure.Ms(start, Stopwatch.GetTimestamp()) / 1000;
            Console.WriteLine(Invariant($"| {done:N0} | {dimension} | {options.BatchSize} | {options.Concurrency} | {seconds:0.00} | {done / seconds:N0} |"));
        });
    }

    private static async Task SearchAsync(int count, int dimension, int queries, CancellationToken ct)
    {
        var random = new Random(42);
        float[] Random() => [.. Enumerable.Range(0, dimension).Select(_ => (float)random.NextDouble() - 0.5f)];
        Console.WriteLine("| vectors | dimension | operation | p50 ms | p95 ms | p99 ms |");
        Console.WriteLine("|---:|---:|---|---:|---:|---:|");
        var index = new CosineIndex(dimension);
        for (var i = 0; i < count; i++) index.Put(new VectorKey("e" + (i % 50).ToString(CultureInfo.InvariantCulture), i.ToString(CultureInfo.InvariantCulture)), Random());
        var probes = Enumerable.Range(0, queries).Select(_ => Random()).ToList();
        Row(count, dimension, "CosineIndex.Nearest, top 80 (in memory)", probes.Select(q =>
        {
            var start = Stopwatch.GetTimestamp();
            index.Nearest(q, 80, 0.3f);
            return Measure.Ms(start, Stopwatch.GetTimestamp());
        }).ToList());

        // The same vectors in an SQLite store: the first search loads them, every later one checks count and newest seq.
        await WithStoreAsync(async store =>
        {
            var database = await ServerDatabase.OpenAsync(store, ct);
            var table = new ItemVectors(database, TimeProvider.System);
            const string model = "ollama:bench";
            for (var first = 0; first < count; first += 1000)
            {
                var batch = Enumerable.Range(first, Math.Min(1000, count - first))
                    .Select(i => (new PendingItem(Team, "e" + (i % 50).ToString(CultureInfo.InvariantCulture), i.ToString(CultureInfo.InvariantCulture), ""),
                        (ReadOnlyMemory<float>)Random())).ToList();
                await table.SaveAsync(model, batch, ct);
            }
            var cache = new VectorCache(table, model);
            var load = Stopwatch.GetTimestamp();
            await cache.IndexAsync(Team, ct);
            Row(count, dimension, "VectorCache first load from SQLite (once)", [Measure.Ms(load, Stopwatch.GetTimestamp())]);
            var checks = new List<double>();
            foreach (var q in probes)
            {
                var start = Stopwatch.GetTimestamp();
                var current = await cache.IndexAsync(Team, ct);
                current!.Nearest(q, 80, 0.3f);
                checks.Add(Measure.Ms(start, Stopwatch.GetTimestamp()));
            }
            Row(count, dimension, "cache up-to-date check + Nearest (SQLite)", checks);
        });
    }

    private static void Row(int count, int dimension, string operation, List<double> samples)
    {
        samples.Sort();
        Console.WriteLine(Invariant($"| {count:N0} | {dimension} | {operation} | {Measure.Percentile(samples, 50):0.00} | {Measure.Percentile(samples, 95):0.00} | {Measure.Percentile(samples, 99):0.00} |"));
    }

    private static async Task WithStoreAsync(Func<IEventStore, Task> run)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"kos-bench-embeddings-{Guid.NewGuid():N}");
        try
        {
            await using var store = await SqliteEventStore.OpenAsync(Path.Combine(folder, "kos.db"), TimeProvider.System, default);
            await run(store);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task GenerateAsync(IEventStore store, int items, CancellationToken ct)
    {
        string[] words = ["retry", "idempotency", "ключ", "платёж", "latency", "индекс", "очередь", "webhook", "ledger", "тест", "schema", "outbox"];
        var random = new Random(7);
        var at = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        const int experts = 50;
        for (var e = 0; e < experts; e++)
        {
            var slug = string.Create(CultureInfo.InvariantCulture, $"expert-{e:D2}");
            var events = new List<KnowledgeEvent>(ExpertDecider.Onboard(null, new OnboardExpert(slug, $"Expert {e}", "Backend Developer", "Bench"), "manual:bench", at));
            var state = ExpertState.Fold(null, events)!;
            for (var i = e; i < items; i += experts)
            {
                var text = string.Join(' ', Enumerable.Range(0, 6 + random.Next(10)).Select(_ => words[random.Next(words.Length)])) + Invariant($" {i}");
                var added = ExpertDecider.Add(state, new AddKnowledge(SectionKind.Learned, text), "task:B-1", at);
                state = ExpertState.Fold(state, added)!;
                events.AddRange(added);
            }
            await store.AppendAsync(new Commit(Team, [new StreamAppend(new StreamId(Team, slug), ExpectedVersion.NoStream, events, state)]), ct);
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>Each word hashed into a bucket, the vector normalized.</summary>
    private static float[] Embed(string text, int dimension)
    {
        var vector = new float[dimension];
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries)) vector[LoopbackEndpoint.Bucket(word, dimension)] += 1;
        return LoopbackEndpoint.Normalize(vector);
    }
}
