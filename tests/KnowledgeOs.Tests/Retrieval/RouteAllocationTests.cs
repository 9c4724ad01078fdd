using KnowledgeOs.Events;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using Xunit.Abstractions;

namespace KnowledgeOs.Tests.Retrieval;

/// <summary>
/// What a route and a context pack allocate right after a write, on a generated team of 2,000-item experts whose every
/// task word matches hundreds of items of each expert (a worst case for ranking): the garbage a route leaves brings on
/// the collections that land inside the next routes (docs/BENCHMARKS.md, "the ranking's garbage").
/// </summary>
public sealed class RouteAllocationTests(ITestOutputHelper output)
{
    private const int Experts = 10;
    private const int Items = 2000;

    private static readonly string[] Words =
        ["retry", "idempotency", "payment", "ledger", "webhook", "latency", "index", "partition", "cache", "queue",
         "ретраи", "платёж", "леджер", "вебхук", "задержка", "индекс", "кэш", "очередь", "limits", "fraud", "rollback", "kubernetes",
         "contract", "schema", "migration", "backup", "replica", "failover", "timeout", "circuit", "breaker", "bulkhead"];

    private static readonly SectionKind[] Sections =
        [SectionKind.Known, SectionKind.Learned, SectionKind.Problem, SectionKind.Practice, SectionKind.BestPractice, SectionKind.Case, SectionKind.Book];

    private static readonly string[] Tasks =
        ["retry payment webhooks latency", "кэш очередь задержка индекс", "ledger partition index timeout", "fraud limits rollback replica", "schema migration backup"];

    private static readonly Lazy<(RetrievalExpert[] Team, AnalyzedExpert[] Analyzed)> Team = new(() =>
    {
        var random = new Random(11);
        var team = Enumerable.Range(0, Experts).Select(e => Generated(random, $"gen-{e:D2}", Items)).ToArray();
        return (team, [.. team.Select(e => AnalyzedExpert.Of(e.State, 1))]);
    });

    [Fact]
    public void A_route_right_after_a_write_allocates_no_array_per_matching_item()
    {
        var (route, _) = AfterAWrite();
        output.WriteLine($"route, top 5: {route:N0} B per task ({route / Experts:N0} B per expert; {Experts} experts × {Items:N0} items)");
        // Each expert matches ≈ 1,800 of its items here; arrays of every match (item, relevance, word mask, score: 28 B
        // each) were ≈ 52 KB per expert (523 KB per task measured). What is left per expert is its few best candidates,
        // its counts and one reason for the five returned (≈ 6 KB per expert with the query's plan, measured). The experts'
        // finished tasks ask which tasks taught a match: that must not walk the postings again nor gather every match's sources.
        Assert.InRange(route, 0, 16_000L * Experts);
    }

    [Fact]
    public void A_context_pack_right_after_a_write_words_each_line_once_and_measures_its_drafts_without_copying_them()
    {
        var (_, pack) = AfterAWrite();
        output.WriteLine($"context pack, 3 routed experts, 6,000 characters: {pack:N0} B per task");
        // Each draft near the budget wrote every chosen item's line and every expert's reason again into a new builder and
        // a new string, and every expert's matches were kept whole (5.3 MB per task measured); a line is now made once per
        // pack, only the participants are worded, and a draft only measured is written into one builder (0.89 MB measured).
        Assert.InRange(pack, 0, 1_500_000);
    }

    // Bytes this thread allocated per task for a route (top 5) and a context pack, on the corpus updated after a write
    // to one expert (as the service's kept corpus is), averaged over the tasks of the third write (the first two warm up).
    private static (long Route, long Pack) AfterAWrite()
    {
        var (team, first) = Team.Value;
        var analyzed = first.ToArray();
        var corpus = TeamCorpus.Of(analyzed, null);
        long route = 0, pack = 0;
        for (var round = 0; round < 3; round++)
        {
            var e = round % Experts;
            // A copy of the shared expert, so the tests of this class do not write into each other's team.
            var state = team[e].State;
            var written = RetrievalExpert.Of(state).Add(SectionKind.Known, $"circuit breakers around the payment provider {round}", $"task:W-{round}", 400 + round);
            analyzed[e] = AnalyzedExpert.Of(written.State, 2 + round, analyzed[e]);
            corpus = TeamCorpus.Of(analyzed, corpus);
            (route, pack) = (0, 0);
            foreach (var task in Tasks)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                ExpertRouting.Rank(corpus, TaskQuery.Parse(null, task), 5);
                var routed = GC.GetAllocatedBytesForCurrentThread();
                ContextPack.Build(corpus, new ContextPackRequest(task));
                (route, pack) = (route + routed - before, pack + GC.GetAllocatedBytesForCurrentThread() - routed);
            }
        }
        return (route / Tasks.Length, pack / Tasks.Length);
    }

    private static RetrievalExpert Generated(Random random, string slug, int items)
    {
        var expert = RetrievalExpert.New(slug, "Backend Developer", "payment");
        for (var i = 0; i < items; i++) expert.Add(Sections[random.Next(Sections.Length)], Text(random) + $" {slug} {i}", $"task:G-{i}", random.Next(300));
        // Finished tasks, as real experts have: a route then asks which of them taught a matching item (two did here,
        // one did not and its title shares no task word).
        expert.Task("G-3", "payment retries", Outcome.Success, 300).Task("G-7", "ledger", Outcome.Failure, 301).Task("X-1", "onboarding", Outcome.Partial, 302);
        return expert;
    }

    // Zipf-like: low indexes far more often, as in real text.
    private static string Text(Random random) =>
        string.Join(' ', Enumerable.Range(0, 5 + random.Next(11)).Select(_ => Words[(int)(Words.Length * Math.Pow(random.NextDouble(), 2.5))]));
}
