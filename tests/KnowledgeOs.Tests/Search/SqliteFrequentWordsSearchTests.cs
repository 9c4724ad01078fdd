using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Search;

/// <summary>
/// SQLite search when every query word is frequent, on a store whose frequent-word threshold is set small
/// (<see cref="SqliteStoreOptions.FrequentWord"/>) so a few hundred items make a word frequent.
/// </summary>
public sealed class SqliteFrequentWordsSearchTests : IAsyncLifetime
{
    private readonly SqliteTestStores _stores = new();
    private readonly FakeTimeProvider _clock = new(KnowledgeOs.Tests.Storage.Domain.Start);
    private SqliteEventStore _store = null!;
    private KnowledgeService _service = null!;

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        var path = Path.Combine(_stores.Folder, "kos.db");
        _store = await SqliteEventStore.OpenAsync(path, _clock, new SqliteStoreOptions { FrequentWord = 100 }, CancellationToken.None);
        _service = new KnowledgeService(_store, _clock);
        await _service.OnboardAsync("atra", new OnboardExpert("igor", "Игорь", "Backend Developer", "ATRA"), "manual:test", CancellationToken.None);
        await _service.OnboardAsync("atra", new OnboardExpert("anna", "Анна", "QA Engineer", "ATRA"), "manual:test", CancellationToken.None);
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _stores.Dispose();
    }

    private Task<IReadOnlyList<SearchHit>> Search(string text, int limit = 20, int offset = 0) =>
        _store.SearchAsync(new SearchQuery("atra", text, Limit: limit, Offset: offset), CancellationToken.None);

    private Task AddAsync(string expert, string text) =>
        _service.AddAsync("atra", expert, new AddKnowledge(SectionKind.Learned, text), "task:T-1", CancellationToken.None);

    // A long tail of made-up words: an item holding them scores low on BM25 for any one query word.
    private static string Filler(int count) => string.Join(' ', Enumerable.Range(0, count).Select(i => "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public async Task An_item_matching_two_of_three_frequent_words_comes_before_better_scored_items_matching_one()
    {
        // 2,000 other items make the three words' idf alike; 300 short items say each word three times (a high BM25, and
        // over the threshold of 100, so every query word is frequent). Three letters each: no transliteration key.
        await SearchContract.AddManyAsync(_service, 2_000, i => $"Заполнитель {i}");
        await SearchContract.AddManyAsync(_service, 900, i => i switch
        {
            < 300 => $"Ямб ямб ямб {i}",
            < 600 => $"Дюк дюк дюк {i}",
            _ => $"Мох мох мох {i}",
        });
        // One long item says two of the three words once each.
        await AddAsync("anna", $"Ямб и дюк {Filler(150)}");

        var hits = await Search("ямб дюк мох");

        Assert.StartsWith("Ямб и дюк", hits[0].Text, StringComparison.Ordinal);
        Assert.Equal(2, hits[0].Matches!.Count);
        Assert.Equal(20, hits.Count);
        Assert.All(hits.Skip(1), h => Assert.Single(h.Matches!));
    }
}
