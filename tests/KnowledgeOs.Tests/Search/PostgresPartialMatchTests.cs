using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Postgres;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Search;

/// <summary>
/// PostgreSQL's partial-match step beyond the shared contract: the order it must keep when every query word is
/// frequent. The frequent-word threshold is lowered (<see cref="PostgresStoreOptions.FrequentWord"/>) so a few
/// hundred items stand for the thousands a real team would need.
/// </summary>
public sealed class PostgresPartialMatchTests : IAsyncLifetime
{
    private const int Frequent = 50;
    private readonly TestPostgres _postgres = new();
    private readonly FakeTimeProvider _clock = new(KnowledgeOs.Tests.Storage.Domain.Start);
    private PostgresEventStore? _store;

    private static CancellationToken Ct => CancellationToken.None;

    /// <inheritdoc/>
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    private async Task<(PostgresEventStore Store, KnowledgeService Service)> NewAsync()
    {
        _store = await PostgresEventStore.OpenAsync(TestPostgres.Require(), _clock,
            new PostgresStoreOptions { Schema = _postgres.NewSchema(), FrequentWord = Frequent }, Ct);
        var service = new KnowledgeService(_store, _clock);
        await service.OnboardAsync("atra", new OnboardExpert("igor", "Игорь", "Backend Developer", "ATRA"), "manual:test", Ct);
        return (_store, service);
    }

    [SkippableFact]
    public async Task When_every_word_is_frequent_an_item_matching_two_comes_before_items_matching_one_through_synonyms()
    {
        var (store, service) = await NewAsync();
        // Each query word is held by more items than the threshold; no item holds all three.
        await SearchContract.AddManyAsync(service, Frequent + 10, i => $"Ямб {i}");
        await SearchContract.AddManyAsync(service, Frequent + 10, i => $"Дюк {i}");
        // ts_rank adds up the alternatives an item holds: a word and two glossary synonyms, each said three times,
        // score above two words said once, and there are more of them than a window reads.
        await SearchContract.AddManyAsync(service, 300, i => $"Повторы повторы повторы, ретраи ретраи ретраи, retries retries retries {i}");
        await SearchContract.AddManyAsync(service, 1, _ => "Ямб и дюк");

        var hits = await store.SearchAsync(new SearchQuery("atra", "ямб дюк повторы"), Ct);

        Assert.Equal("Ямб и дюк", hits[0].Text);
        Assert.Equal(2, hits[0].Matches!.Count);
        Assert.Equal(20, hits.Count);
    }

    [SkippableFact]
    public async Task Among_more_items_holding_two_words_than_a_window_reads_the_best_ranked_come_first()
    {
        var (store, service) = await NewAsync();
        // 600 items hold two of the three words once each (more than the 256 the pairs step ranks); between them one
        // says both three times: the best ts_rank of all. No item holds the third word, so the two-words step answers.
        await SearchContract.AddManyAsync(service, 300, i => $"Ямб и дюк {i}");
        await SearchContract.AddManyAsync(service, 1, _ => "Ямб ямб ямб, дюк дюк дюк");
        await SearchContract.AddManyAsync(service, 300, i => $"Ямб и дюк {i + 300}");

        var hits = await store.SearchAsync(new SearchQuery("atra", "ямб дюк паксос"), Ct);

        Assert.Equal("Ямб ямб ямб, дюк дюк дюк", hits[0].Text);
        Assert.Equal(20, hits.Count);
        Assert.All(hits, h => Assert.Equal(2, h.Matches!.Count));
    }
}
