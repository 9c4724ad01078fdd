using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Retrieval;

/// <summary>
/// After a write the service updates the kept corpus instead of building it again: the written expert's document
/// frequencies are the previous ones ± the changed items, and the other experts' recency and length norms are computed
/// only for the items a query scores. The answers stay those of a corpus built from scratch, to the last bit
/// (real SQLite file).
/// </summary>
public sealed class AfterWriteCorpusTests : IAsyncLifetime
{
    private const string Team = "orbit";
    private const int Filler = 40;

    private static readonly string[] Tasks =
    [
        "retry payment webhooks with idempotency keys",
        "contract tests for the public API",
        "flaky tests quarantine",
        "cache invalidation and retries",
    ];

    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero));
    private SqliteEventStore _store = null!;
    private KnowledgeService _knowledge = null!;

    public async Task InitializeAsync()
    {
        _store = await SqliteEventStore.OpenAsync(_folder.File("kos.db"), _time, CancellationToken.None);
        _knowledge = new KnowledgeService(_store, _time);
        await _knowledge.OnboardAsync(Team, new OnboardExpert("igor", "Igor", "Backend Developer", "Orbit"), "manual:test", default);
        await _knowledge.OnboardAsync(Team, new OnboardExpert("sofia", "Sofia", "QA Engineer", "Orbit"), "manual:test", default);
        await _knowledge.AddAsync(Team, "igor", new AddKnowledge(SectionKind.Known, "Retries with idempotency keys on payment webhooks"), "task:T-1", default);
        await _knowledge.AddAsync(Team, "igor", new AddKnowledge(SectionKind.Practice, "Cache invalidation by version key, never by time alone"), "task:T-2", default);
        await _knowledge.AddAsync(Team, "sofia", new AddKnowledge(SectionKind.Practice, "Contract tests for every public API"), "task:T-3", default);
        for (var i = 0; i < Filler; i++)
        {
            _time.Advance(TimeSpan.FromDays(1));
            await _knowledge.AddAsync(Team, "sofia", new AddKnowledge(SectionKind.Learned,
                $"Exploratory session {i} on screen layout number {i} " + string.Join(' ', Enumerable.Range(0, i).Select(k => $"note{k}"))), $"task:F-{i}", default);
        }
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task After_an_add_a_confirmation_and_a_retraction_the_updated_corpus_ranks_exactly_as_one_built_from_scratch()
    {
        var retrieval = new RetrievalService(_knowledge);
        await AssertSameAsScratchAsync(retrieval);

        _time.Advance(TimeSpan.FromDays(3));
        await _knowledge.AddAsync(Team, "igor", new AddKnowledge(SectionKind.Problem, "Payment webhooks retried without idempotency keys charged twice"), "task:T-10", default);
        await AssertSameAsScratchAsync(retrieval);
        Assert.Equal(1, (await retrieval.CorpusAsync(Team, default)).Find("igor")!.FrequencyUpdates);

        _time.Advance(TimeSpan.FromDays(40));
        await _knowledge.ConfirmAsync(Team, "igor", ItemId("igor", "Cache invalidation"), "task:T-11", default);
        await AssertSameAsScratchAsync(retrieval);
        Assert.Equal(0, (await retrieval.CorpusAsync(Team, default)).Find("igor")!.FrequencyUpdates);

        await _knowledge.RetractAsync(Team, "igor", ItemId("igor", "Retries with idempotency"), "no longer true", "task:T-12", default);
        await AssertSameAsScratchAsync(retrieval);
        Assert.Equal(1, (await retrieval.CorpusAsync(Team, default)).Find("igor")!.FrequencyUpdates);
    }

    [Fact]
    public async Task A_route_after_a_write_computes_the_factors_of_the_items_it_scores_not_of_every_item()
    {
        var retrieval = new RetrievalService(_knowledge);
        await retrieval.RouteAsync(Team, "contract tests", null, 5, default);

        // The write moves the team's newest evidence and average length: every expert's factors are measured anew.
        _time.Advance(TimeSpan.FromDays(2));
        await _knowledge.AddAsync(Team, "igor", new AddKnowledge(SectionKind.Known, "Circuit breakers around the payment provider"), "task:T-20", default);
        Assert.Equal("sofia", (await retrieval.RouteAsync(Team, "contract tests", null, 5, default))[0].Expert);

        var corpus = await retrieval.CorpusAsync(Team, default);
        var sofia = corpus.Find("sofia")!;
        Assert.Equal(Filler + 1, sofia.Items.Count);
        // One item matched: its evidence (a power) was computed; the 40 others' were not asked for.
        Assert.Equal(1, sofia.Factors(corpus.Newest, corpus.AverageLength).Computed);
    }

    [Fact]
    public async Task The_corpus_figures_a_write_moves_cost_the_unchanged_experts_no_memory_per_item()
    {
        var retrieval = new RetrievalService(_knowledge);
        await retrieval.RouteAsync(Team, "contract tests", null, 5, default);
        _time.Advance(TimeSpan.FromDays(2));
        await _knowledge.AddAsync(Team, "igor", new AddKnowledge(SectionKind.Known, "Circuit breakers around the payment provider"), "task:T-22", default);
        await retrieval.RouteAsync(Team, "contract tests", null, 5, default);
        var corpus = await retrieval.CorpusAsync(Team, default);
        var sofia = corpus.Find("sofia")!;

        // Each write moves the newest evidence and the average length, and every expert is measured against them anew:
        // what that costs must not grow with the expert's items (a 2,000-item expert × 50 on every write).
        sofia.Factors(corpus.Newest.AddDays(1), corpus.AverageLength + 1);
        var before = GC.GetAllocatedBytesForCurrentThread();
        sofia.Factors(corpus.Newest.AddDays(2), corpus.AverageLength + 2);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(allocated, 0, sizeof(double) * sofia.Items.Count - 1);
    }

    [Fact]
    public async Task A_route_after_a_write_computes_the_recency_only_of_the_items_that_can_be_among_an_experts_best()
    {
        var retrieval = new RetrievalService(_knowledge);
        await retrieval.RouteAsync(Team, "exploratory session", null, 5, default);
        _time.Advance(TimeSpan.FromDays(2));
        await _knowledge.AddAsync(Team, "igor", new AddKnowledge(SectionKind.Known, "Circuit breakers around the payment provider"), "task:T-21", default);

        Assert.Equal("sofia", (await retrieval.RouteAsync(Team, "exploratory session", null, 5, default))[0].Expert);

        var corpus = await retrieval.CorpusAsync(Team, default);
        var sofia = corpus.Find("sofia")!;
        var matched = corpus.Matches(sofia, corpus.Expand(TaskQuery.Parse(null, "exploratory session"))).Count;
        Assert.Equal(Filler, matched);
        // The evidence (its recency) only of the few whose score can be among the best 5.
        var evidence = sofia.Factors(corpus.Newest, corpus.AverageLength).Computed;
        Assert.InRange(evidence, ExpertRouting.ItemsCounted, matched / 2);
    }

    private string ItemId(string expert, string start)
    {
        var state = _knowledge.ListAsync(Team, default).GetAwaiter().GetResult().Single(s => s.State.Slug == expert).State;
        return state.Items.Values.Single(i => i.IsActive && i.Text.StartsWith(start, StringComparison.Ordinal)).Id;
    }

    // The service's kept-and-updated corpus against one analyzed from scratch: figures, frequencies, routing, matches, packs.
    private async Task AssertSameAsScratchAsync(RetrievalService retrieval)
    {
        var kept = await retrieval.CorpusAsync(Team, default);
        var scratch = TeamCorpus.Of((await _knowledge.ListAsync(Team, default)).Select(s => AnalyzedExpert.Of(s.State, s.Version)));
        Assert.Equal(scratch.ItemCount, kept.ItemCount);
        Assert.Equal(scratch.AverageLength, kept.AverageLength);
        Assert.Equal(scratch.Newest, kept.Newest);
        foreach (var expert in scratch.Experts)
        {
            var other = kept.Find(expert.State.Slug)!;
            Assert.Equal(expert.DocumentFrequencies.OrderBy(p => p.Key, StringComparer.Ordinal), other.DocumentFrequencies.OrderBy(p => p.Key, StringComparer.Ordinal));
            foreach (var term in expert.DocumentFrequencies.Keys) Assert.Equal(scratch.Idf(term), kept.Idf(term));
        }
        CorpusAnswers.AssertSame(scratch, kept, Tasks);
    }
}
