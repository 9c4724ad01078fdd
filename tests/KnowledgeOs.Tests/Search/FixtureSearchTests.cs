using KnowledgeOs.Application;
using KnowledgeOs.Postgres;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Search;

/// <summary>
/// The 22 ATRA knowledge bases imported from the fixtures: queries a team member would type find the experts a
/// reader of the documents expects, and SQLite and PostgreSQL find exactly the same items.
/// </summary>
public sealed class FixtureSearchTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly TestPostgres _postgres = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private async Task<IEventStore> ImportAsync(IEventStore store)
    {
        await new ImportService(store, _time).ImportAsync("atra", [Path.Combine(Repo.Fixtures!, "atra")]);
        return store;
    }

    private static async Task<List<SearchHit>> Search(IEventStore store, string q, params SectionKind[] sections) =>
        [.. await ((ISearchIndex)store).SearchAsync(new SearchQuery("atra", q, Sections: sections, Limit: SearchQuery.MaxLimit), default)];

    private static async Task<HashSet<string>> Experts(IEventStore store, string q) =>
        [.. (await Search(store, q)).Select(h => h.Expert)];

    [SkippableFact]
    public async Task Queries_find_the_experts_a_reader_of_the_documents_expects()
    {
        Skip.If(Repo.Fixtures is null, Repo.FixturesAbsent);
        await using var store = await ImportAsync(await SqliteEventStore.OpenAsync(_folder.File("kos.db"), _time, default));

        // Igor holds the Kubernetes certification, Sergey the Kubernetes books and tools.
        Assert.Superset(new HashSet<string> { "igor", "sergey" }, await Experts(store, "kubernetes"));
        // Books by author: the author is indexed with the title.
        var kleppmann = await Search(store, "kleppmann");
        Assert.Equal(["igor", "nikita", "roman"], kleppmann.Select(h => h.Expert).Distinct().Order(StringComparer.Ordinal));
        Assert.All(kleppmann, h => Assert.Contains(h.Section, new[] { SectionKind.Book, SectionKind.AdvancedBook }));
        // English word forms: "retrying" finds Igor's retry logic.
        Assert.Contains("igor", await Experts(store, "retrying backoff"));
        // Russian word forms and a best practice's description: Anna's property-based testing with Hypothesis.
        Assert.Contains("anna", await Experts(store, "hypothesis тестированию"));
        Assert.Contains("anna", await Experts(store, "автоматизацию тестирования"));
    }

    [SkippableFact]
    public async Task SQLite_and_PostgreSQL_find_the_same_items_for_the_same_queries()
    {
        Skip.If(Repo.Fixtures is null, Repo.FixturesAbsent);
        var connection = TestPostgres.Require();
        await using var sqlite = await ImportAsync(await SqliteEventStore.OpenAsync(_folder.File("kos.db"), _time, default));
        await using var postgres = await ImportAsync(await PostgresEventStore.OpenAsync(connection, _time, new PostgresStoreOptions { Schema = _postgres.NewSchema() }, default));

        foreach (var q in new[] { "kubernetes", "kleppmann", "retry", "тестирования", "архитектура микросервисов", "безопасность", "docker kubernetes", "мониторинг", "python" })
        {
            var a = (await Search(sqlite, q)).Select(h => $"{h.Expert}/{h.ItemId}").Order(StringComparer.Ordinal).ToList();
            var b = (await Search(postgres, q)).Select(h => $"{h.Expert}/{h.ItemId}").Order(StringComparer.Ordinal).ToList();
            Assert.True(a.SequenceEqual(b), $"'{q}': SQLite found {a.Count}, PostgreSQL {b.Count}");
        }
    }

    [SkippableFact]
    public async Task Both_stores_find_forms_only_the_dictionary_relates_and_say_it_was_a_lemma()
    {
        Skip.If(Repo.Fixtures is null, Repo.FixturesAbsent);
        TestHunspell.Require();
        var connection = TestPostgres.Require();
        await using var sqlite = await ImportAsync(await SqliteEventStore.OpenAsync(_folder.File("kos.db"), _time, default));
        await using var postgres = await ImportAsync(await PostgresEventStore.OpenAsync(connection, _time, new PostgresStoreOptions { Schema = _postgres.NewSchema() }, default));

        // The bases write «настройка» and «использовать»; these forms share neither Snowball stem nor cognate key with them.
        foreach (var (q, written) in new[] { ("настроек", "настройк"), ("используют", "использова") })
        {
            var a = await Search(sqlite, q);
            Assert.NotEmpty(a);
            Assert.All(a, h => Assert.Contains(h.Matches!, m => m.How == MatchKind.Lemma && m.Matched == written));
            var b = await Search(postgres, q);
            Assert.Equal(a.Select(h => $"{h.Expert}/{h.ItemId}").Order(StringComparer.Ordinal), b.Select(h => $"{h.Expert}/{h.ItemId}").Order(StringComparer.Ordinal));
        }
    }
}
