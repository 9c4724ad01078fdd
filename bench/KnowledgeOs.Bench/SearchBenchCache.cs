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
}
