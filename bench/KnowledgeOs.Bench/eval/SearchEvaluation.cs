using System.Text.Json;
using System.Text.Json.Serialization;
using KnowledgeOs.Application;
using KnowledgeOs.Learning;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Bench;

/// <summary>One judged query of an evaluation set: what a reader typed and the items that answer it.</summary>
/// <param name="Query">The query as a user would type it.</param>
/// <param name="Lang">The query's language (<c>ru</c> or <c>en</c>).</param>
/// <param name="Cross">True when the expected items are written in the other language.</param>
/// <param name="Expected">The items that answer it, each named by its expert and a short distinctive fragment of its text.</param>
public sealed record JudgedQuery(string Query, string Lang, bool Cross, IReadOnlyList<ExpectedItem> Expected);

/// <summary>An expected item: the expert's slug and a short fragment its text contains (case-insensitive).</summary>
/// <param name="Expert">Expert slug, or <c>*</c> when any expert's item with the fragment answers (a lesson several experts learned).</param>
/// <param name="Fragment">A short identifier found in the item's text.</param>
public sealed record ExpectedItem(string Expert, string Fragment);

/// <summary>The figures of one evaluation run.</summary>
/// <param name="Queries">Queries evaluated.</param>
/// <param name="Recall">Mean recall@k: the share of each query's expected items found in its first k hits.</param>
/// <param name="Mrr">Mean reciprocal rank of the first expected item (0 when none is in the first k).</param>
/// <param name="Misses">The queries with no expected item in the first k, for reading.</param>
public sealed record EvaluationResult(int Queries, double Recall, double Mrr, IReadOnlyList<string> Misses);

/// <summary>The figures of one routing run over a query set.</summary>
/// <param name="Queries">Queries routed.</param>
/// <param name="Found">The share of queries with an expected item's expert among the first experts routed.</param>
/// <param name="Misses">The queries whose experts were not among them, for reading.</param>
public sealed record RoutingResult(int Queries, double Found, IReadOnlyList<string> Misses);

/// <summary>
/// Runs a judged query set against a search index and scores it (recall@k, MRR). Shared by the <c>eval</c> bench and
/// the test that holds the floor, so both compute the same figure.
/// </summary>
public static class SearchEvaluation
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip };

    /// <summary>Reads a query set (a JSON array of <see cref="JudgedQuery"/>).</summary>
    public static IReadOnlyList<JudgedQuery> Load(string path) =>
        JsonSerializer.Deserialize<List<JudgedQuery>>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path}: empty query set");

    /// <summary>Searches each query (top <paramref name="k"/>) and scores the hits; <paramref name="filter"/> picks a subset.</summary>
    public static async Task<EvaluationResult> RunAsync(ISearchIndex index, string team, IReadOnlyList<JudgedQuery> queries, int k,
        Func<JudgedQuery, bool>? filter, CancellationToken ct)
    {
        double recall = 0, mrr = 0;
        var count = 0;
        var misses = new List<string>();
        foreach (var q in queries.Where(q => filter?.Invoke(q) ?? true))
        {
            count++;
            var hits = await index.SearchAsync(new SearchQuery(team, q.Query, Limit: k), ct);
            var found = q.Expected.Count(e => hits.Any(h => Matches(h, e)));
            recall += (double)found / q.Expected.Count;
            var first = hits.Select((h, i) => (h, i)).FirstOrDefault(x => q.Expected.Any(e => Matches(x.h, e)));
            if (first.h is not null) mrr += 1.0 / (first.i + 1);
            else misses.Add(q.Query);
        }
        return count == 0 ? new EvaluationResult(0, 0, 0, misses) : new EvaluationResult(count, recall / count, mrr / count, misses);
    }

    /// <summary>
    /// Routes each query as a task (<c>kos route</c>) and counts those with an expected item's expert among the first
    /// <paramref name="top"/> experts; an expected item of any expert (<c>*</c>) counts when anyone is routed.
    /// </summary>
    public static async Task<RoutingResult> RouteAsync(RetrievalService retrieval, string team, IReadOnlyList<JudgedQuery> queries, int top,
        Func<JudgedQuery, bool>? filter, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(retrieval);
        var count = 0;
        var found = 0;
        var misses = new List<string>();
        foreach (var q in queries.Where(q => filter?.Invoke(q) ?? true))
        {
            count++;
            var experts = await retrieval.RouteAsync(team, q.Query, null, top, ct);
            if (q.Expected.Any(e => experts.Take(top).Any(r => e.Expert == "*" || string.Equals(r.Expert, e.Expert, StringComparison.Ordinal)))) found++;
            else misses.Add(q.Query);
        }
        return new RoutingResult(count, count == 0 ? 0 : (double)found / count, misses);
    }

    private static bool Matches(SearchHit hit, ExpectedItem expected) =>
        (expected.Expert == "*" || string.Equals(hit.Expert, expected.Expert, StringComparison.Ordinal)) && hit.Text.Contains(expected.Fragment, StringComparison.OrdinalIgnoreCase);

    /// <summary>Imports the 22 ATRA knowledge bases and their programs (the fixtures) into team <paramref name="team"/>.</summary>
    public static async Task LoadAtraAsync(IEventStore store, string fixtures, string team, TimeProvider time, CancellationToken ct)
    {
        var report = await new ImportService(store, time).ImportAsync(team,
            [Path.Combine(fixtures, "atra", "knowledge"), Path.Combine(fixtures, "atra", "learning_programs")], ct: ct);
        if (report.Failed > 0) throw new InvalidOperationException($"{report.Failed} fixture files failed to import.");
    }

    /// <summary>Loads the project's sample team (samples/team.json and samples/reports) as <c>kos demo</c> does; returns its team slug.</summary>
    public static async Task<string> LoadSamplesAsync(IEventStore store, string samples, TimeProvider time, CancellationToken ct)
    {
        var service = new KnowledgeService(store, time);
        var team = TeamFile.Parse(await File.ReadAllTextAsync(Path.Combine(samples, "team.json"), ct), "team.json");
        foreach (var expert in team.Experts) await service.OnboardAsync(team.Team, expert, "manual:samples", ct);
        foreach (var file in Directory.GetFiles(Path.Combine(samples, "reports"), "*.json").Order(StringComparer.Ordinal))
            await service.LearnAsync(team.Team, ReportParser.Parse(await File.ReadAllTextAsync(file, ct), Path.GetFileName(file)), onboardUnknown: false, ct);
        return team.Team;
    }
}
