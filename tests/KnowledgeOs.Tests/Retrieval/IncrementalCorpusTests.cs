using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Tests.Import;

namespace KnowledgeOs.Tests.Retrieval;

/// <summary>
/// After a write the service builds the team's corpus from the kept one: only the changed expert's new or changed
/// items are analyzed again, and the corpus ranks exactly as one built from scratch (the 22 ATRA knowledge bases in a
/// real SQLite file; skipped without ../shared/fixtures).
/// </summary>
public sealed class IncrementalCorpusTests : IAsyncLifetime
{
    private const string Expert = "maria";

    private static readonly string[] Tasks =
    [
        "Set risk limits for position size and daily loss",
        "Add a backend REST API endpoint with request validation",
        "Настроить мониторинг и алерты для торгового бота",
        "Backtest a trading strategy on historical data",
    ];

    private ImportHarness _h = null!;

    public async Task InitializeAsync() => _h = await ImportHarness.OpenAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<(RetrievalService Retrieval, KnowledgeService Knowledge)> ImportedAsync()
    {
        var report = await _h.ImportAsync(ImportFiles.Knowledge());
        Assert.All(report.Files, f => Assert.True(f.Ok, f.Error));
        var knowledge = new KnowledgeService(_h.Store, _h.Time);
        return (new RetrievalService(knowledge), knowledge);
    }

    [SkippableFact]
    public async Task After_an_add_a_confirmation_and_a_retraction_the_kept_corpus_ranks_as_one_built_from_scratch()
    {
        var (retrieval, knowledge) = await ImportedAsync();
        await AssertSameAsScratchAsync(retrieval, knowledge);
        var items = Rankable((await _h.ExpertAsync(Expert)).State);

        await knowledge.AddAsync(ImportHarness.Team, Expert, new AddKnowledge(SectionKind.Practice,
            "Daily loss limit (дневной лимит убытков) stops the trading bot before the position size grows"), "task:R-1", default);
        await AssertSameAsScratchAsync(retrieval, knowledge);

        _h.Time.Advance(TimeSpan.FromDays(30));
        await knowledge.ConfirmAsync(ImportHarness.Team, Expert, items[0].Id, "task:R-2", default);
        await AssertSameAsScratchAsync(retrieval, knowledge);

        await knowledge.RetractAsync(ImportHarness.Team, Expert, items[1].Id, "no longer true", "task:R-3", default);
        await AssertSameAsScratchAsync(retrieval, knowledge);
    }

    [SkippableFact]
    public async Task After_a_write_only_the_new_or_changed_items_are_analyzed_again()
    {
        var (retrieval, knowledge) = await ImportedAsync();
        var first = (await retrieval.CorpusAsync(ImportHarness.Team, default)).Find(Expert)!;
        Assert.Equal(first.Items.Count, first.ItemsAnalyzed);
        var items = Rankable((await _h.ExpertAsync(Expert)).State);
        Assert.True(items.Count > 10, $"{Expert} has {items.Count} items");

        await knowledge.AddAsync(ImportHarness.Team, Expert, new AddKnowledge(SectionKind.Practice, "Stop trading after the daily loss limit"), "task:R-1", default);
        var added = (await retrieval.CorpusAsync(ImportHarness.Team, default)).Find(Expert)!;
        Assert.Equal(first.Items.Count + 1, added.Items.Count);
        Assert.Equal(1, added.ItemsAnalyzed);

        _h.Time.Advance(TimeSpan.FromDays(30));
        await knowledge.ConfirmAsync(ImportHarness.Team, Expert, items[0].Id, "task:R-2", default);
        var confirmed = (await retrieval.CorpusAsync(ImportHarness.Team, default)).Find(Expert)!;
        Assert.Equal(0, confirmed.ItemsAnalyzed);
        // Same items with the same terms in the same order: the postings are the previous version's, not rebuilt.
        Assert.Same(added.Postings, confirmed.Postings);
        Assert.Equal(_h.Time.GetUtcNow(), confirmed.Items.Single(i => i.Item.Id == items[0].Id).LastAt);

        await knowledge.RetractAsync(ImportHarness.Team, Expert, items[1].Id, "no longer true", "task:R-3", default);
        var retracted = (await retrieval.CorpusAsync(ImportHarness.Team, default)).Find(Expert)!;
        Assert.Equal(0, retracted.ItemsAnalyzed);
        Assert.Equal(first.Items.Count, retracted.Items.Count);
    }

    private static List<KnowledgeItem> Rankable(ExpertState state) =>
        [.. state.Items.Values.Where(i => i.IsActive && AnalyzedExpert.Rankable(i.Section)).OrderBy(i => i.Order)];

    // The service's kept-and-updated corpus against one analyzed from scratch: routing, every expert's matches and the pack.
    private async Task AssertSameAsScratchAsync(RetrievalService retrieval, KnowledgeService knowledge)
    {
        var kept = await retrieval.CorpusAsync(ImportHarness.Team, default);
        var scratch = TeamCorpus.Of((await knowledge.ListAsync(ImportHarness.Team, default)).Select(s => AnalyzedExpert.Of(s.State, s.Version)));
        Assert.Equal(scratch.ItemCount, kept.ItemCount);
        Assert.Equal(scratch.AverageLength, kept.AverageLength);
        Assert.Equal(scratch.Newest, kept.Newest);
        Assert.Equal(scratch.Language, kept.Language);
        CorpusAnswers.AssertSame(scratch, kept, Tasks);
    }
}
