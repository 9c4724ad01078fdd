using System.Diagnostics;
using System.Globalization;
using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Retrieval.Cache;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Bench;

/// <summary>The search bench's <c>--cache</c> figures: the cache's load (time, memory) and a search right after each of a few appends.</summary>
internal static class SearchBenchCache
{
    /// <summary>Loads the team into the cache, timing it and measuring the managed heap it added.</summary>
    public static async Task<string> LoadAsync(IndexedSearch cache, string team, CancellationToken ct)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var started = Stopwatch.GetTimestamp();
        await cache.LoadAsync(team, ct);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var items = cache.HeldItems;
        return string.Create(CultureInfo.InvariantCulture,
            $"|  | cache load {seconds:0.0} s, {items:N0} items, managed heap +{(after - before) / 1048576.0:0} MB ({(double)(after - before) / Math.Max(items, 1):0} B/item; segment estimate {cache.ApproximateBytes / 1048576.0:0} MB) | | | | | | | | |");
    }

    /// <summary>
    /// Twenty times: one report appended (one new item for an expert of the team), then at once a search that must find
    /// it — the cache catches up on the team's events since (the changed expert's items re-read) before answering.
    /// </summary>
    public static async Task<string> AfterAppendsAsync(IEventStore store, ISearchIndex index, string team, IReadOnlyList<string> questions, CancellationToken ct)
    {
        var service = new KnowledgeService(store, TimeProvider.System);
        var experts = (await index.SearchAsync(new SearchQuery(team, questions[0], Limit: 1), ct)).Select(h => h.Expert).ToList();
        var latencies = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var word = "кэшпроверка" + ((char)('а' + i)).ToString();
            await service.AddAsync(team, experts[0], new AddKnowledge(SectionKind.Learned, $"{word} {questions[i + 1]}"), $"task:cache-bench-{Guid.NewGuid():N}", ct);
            var started = Stopwatch.GetTimestamp();
            var found = await index.SearchAsync(new SearchQuery(team, questions[i + 1] + " " + word), ct);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!found.Any(h => h.Text.StartsWith(word, StringComparison.Ordinal))) throw new InvalidOperationException($"the item just appended was not found ({word})");
        }
        latencies.Sort();
        return string.Create(CultureInfo.InvariantCulture,
            $"|  | search right after one append (catch-up), 20 times: p50 {Measure.Percentile(latencies, 50):0.00} ms, max {latencies[^1]:0.00} ms | | | | | | | | |");
    }

    /// <summary>The garbage collections of each generation so far.</summary>
    public static int[] Collections() => [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];

    /// <summary>The deepest generation collected since <paramref name="before"/> (-1 when none).</summary>
    public static int Deepest(int[] before)
    {
        for (var g = 2; g >= 0; g--)
            if (GC.CollectionCount(g) > before[g]) return g;
        return -1;
    }

    /// <summary>Per deepest collection during a query (none, gen0, gen1, gen2): how many queries, their p50 and max, and how many of the queries over 30 ms.</summary>
    public static string CollectionsLine(IReadOnlyList<(double Ms, int Generation)> queries)
    {
        var slow = queries.Count(q => q.Ms > 30);
        var parts = Enumerable.Range(-1, 4).Select(g =>
        {
            var ms = queries.Where(q => q.Generation == g).Select(q => q.Ms).Order().ToList();
            var name = g < 0 ? "no GC" : $"gen{g}";
            return ms.Count == 0 ? $"{name}: 0" : string.Create(CultureInfo.InvariantCulture,
                $"{name}: {ms.Count} queries, p50 {Measure.Percentile(ms, 50):0.00} ms, max {ms[^1]:0.00} ms, {queries.Count(q => q.Generation == g && q.Ms > 30)} of the {slow} over 30 ms");
        });
        return $"|  | GC during each query: {string.Join("; ", parts)} | | | | | | | | |";
    }
}
