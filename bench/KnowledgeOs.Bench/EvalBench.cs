using System.Globalization;
using KnowledgeOs.Application;
using KnowledgeOs.Hosting;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Hosting.Embeddings;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Bench;

/// <summary>
/// Search quality on the ATRA fixtures: imports the 22 knowledge bases and their programs into a fresh SQLite store
/// and scores the judged query set <c>eval/atra-queries.json</c> (recall@10 and MRR, all queries, same-language and
/// cross-language), and routes the same queries as tasks (is an expected item's expert among the first three). <c>--samples</c> scores <c>eval/samples-queries.json</c> on the project's sample team instead.
/// <c>--dump</c> prints every active item (expert, section, text), the material the set was judged on.
/// <c>--embeddings</c> also embeds every item through a loopback endpoint the bench serves (<see cref="EvalEmbedder"/>:
/// deterministic vectors, no model) and scores the hybrid search (lexical and vector hits fused by RRF) beside the lexical one.
/// </summary>
public sealed class EvalBench : IBench
{
    private const string Team = "atra";

    /// <inheritdoc/>
    public string Name => "eval";

    /// <inheritdoc/>
    public string Description => "search quality: recall@10 and MRR of eval/atra-queries.json on the ATRA fixtures [--fixtures DIR] [--queries FILE] [--samples] [--k 10] [--misses] [--dump] [--embeddings] [--provider ollama:MODEL@URL] [--cache: also through the in-memory search cache]";

    /// <inheritdoc/>
    public async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var fixtures = Measure.Text(args, "--fixtures") ?? Path.Combine(RepoRoot(), "..", "shared", "fixtures");
        var samples = args.Contains("--samples");
        var file = Measure.Text(args, "--queries") ?? Path.Combine(RepoRoot(), "bench", "KnowledgeOs.Bench", "eval", samples ? "samples-queries.json" : "atra-queries.json");
        var k = Measure.Int(args, "--k", 10);
        if (!samples && !Directory.Exists(Path.Combine(fixtures, "atra", "knowledge")))
        {
            Console.Error.WriteLine($"The ATRA fixtures were not found at {fixtures}; pass --fixtures DIR.");
            return 1;
        }
        var folder = Path.Combine(Path.GetTempPath(), $"kos-bench-eval-{Guid.NewGuid():N}");
        try
        {
            await using var store = await SqliteEventStore.OpenAsync(Path.Combine(folder, "kos.db"), TimeProvider.System, ct);
            var team = Team;
            if (samples) team = await SearchEvaluation.LoadSamplesAsync(store, Path.Combine(RepoRoot(), "samples"), TimeProvider.System, ct);
            else await SearchEvaluation.LoadAtraAsync(store, fixtures, Team, TimeProvider.System, ct);
            if (args.Contains("--dump"))
            {
                foreach (var snapshot in await store.ListAsync(team, ct))
                    foreach (var item in snapshot.State.Items.Values.Where(i => i.IsActive).OrderBy(i => i.Order))
                        Console.WriteLine($"{snapshot.State.Slug}\t{item.Section}\t{item.Text}");
                return 0;
            }
            var queries = SearchEvaluation.Load(file);
            Console.WriteLine($"machine: {Measure.Machine()}");
            Console.WriteLine($"query set: {Path.GetFileName(file)}, {queries.Count} queries ({queries.Count(q => q.Cross)} cross-language); team: {(samples ? "samples" : "ATRA fixtures")}; store: SQLite");
            Console.WriteLine();
            var indexes = new List<(string Name, ISearchIndex Index)> { ("lexical", (ISearchIndex)store) };
            // --cache: the same queries answered by the in-memory read-side cache (as kos serve and kos mcp search).
            if (args.Contains("--cache"))
                indexes.Add(("lexical, cache", new KnowledgeOs.Retrieval.Cache.IndexedSearch(store, store, store, new KnowledgeOs.Retrieval.Cache.IndexedSearchOptions { LoadInline = true })));
            // --provider ollama:MODEL@URL measures a real model instead of the bench's own deterministic endpoint.
            var provider = Measure.Text(args, "--provider");
            await using var endpoint = args.Contains("--embeddings") && provider is null ? await LoopbackEndpoint.StartAsync(EvalEmbedder.Embed) : null;
            provider ??= endpoint is null ? null : $"ollama:eval-hash@{endpoint.Address}";
            using var stack = provider is null ? null
                : new EmbeddingStack(await ServerDatabase.OpenAsync(store, ct), EmbeddingOptions.Resolve(provider, "--provider")!, TimeProvider.System);
            if (stack is not null)
            {
                var embedded = await stack.Indexer.DrainAsync(null, ct);
                Console.WriteLine(endpoint is null ? $"embedded {embedded} items with {provider}"
                    : $"embedded {embedded} items through the loopback endpoint (hashed terms and trigrams, {EvalEmbedder.Dimension} dimensions; no model)");
                indexes.Add(("hybrid", stack.Search(store)));
            }
            Console.WriteLine($"| search | queries | n | recall@{k} | MRR |");
            Console.WriteLine("|---|---|---:|---:|---:|");
            foreach (var (search, index) in indexes)
            {
                foreach (var (name, filter) in new (string, Func<JudgedQuery, bool>?)[] { ("all", null), ("same language", q => !q.Cross), ("cross-language", q => q.Cross) })
                {
                    var result = await SearchEvaluation.RunAsync(index, team, queries, k, filter, ct);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {search} | {name} | {result.Queries} | {result.Recall:0.000} | {result.Mrr:0.000} |"));
                    if (name == "all" && args.Contains("--misses"))
                        foreach (var miss in result.Misses) Console.Error.WriteLine($"miss ({search}): {miss}");
                }
            }
            // Routing on the same queries as tasks: is an expected item's expert among the first three (lexical routing).
            var retrieval = new RetrievalService(new KnowledgeService(store, TimeProvider.System));
            Console.WriteLine();
            Console.WriteLine("| route | queries | n | expected expert in top 3 |");
            Console.WriteLine("|---|---|---:|---:|");
            foreach (var (name, filter) in new (string, Func<JudgedQuery, bool>?)[] { ("all", null), ("same language", q => !q.Cross), ("cross-language", q => q.Cross) })
            {
                var routed = await SearchEvaluation.RouteAsync(retrieval, team, queries, 3, filter, ct);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| lexical | {name} | {routed.Queries} | {routed.Found:0.000} |"));
                if (name == "all" && args.Contains("--misses"))
                    foreach (var miss in routed.Misses) Console.Error.WriteLine($"miss (route): {miss}");
            }
            Console.WriteLine($"load after: {Measure.Load()}");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KnowledgeOs.slnx"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
