using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Retrieval.Cache;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Search;

/// <summary>
/// Read-your-writes through the cache: after a team is loaded, every kind of change is searched at once (no wait) and
/// is found, changed or gone; a rebuild reloads the team; a team not loaded yet is answered by the store while it loads
/// in the background, a failed load never fails a search, and past the bound the least recently searched team is dropped.
/// </summary>
public abstract class IndexedSearchFreshnessContract(ITestStores stores) : StoreContract(stores)
{
    private readonly List<IEventStore> _opened = [];

    protected FakeTimeProvider Clock { get; } = new(KnowledgeOs.Tests.Storage.Domain.Start);

    public override async Task DisposeAsync()
    {
        foreach (var store in _opened) await store.DisposeAsync();
        await base.DisposeAsync();
    }

    private static CancellationToken Ct => CancellationToken.None;

    protected async Task<(IEventStore Store, KnowledgeService Service, IndexedSearch Cache)> NewAsync()
    {
        var store = await CreateStoreAsync(Clock);
        _opened.Add(store);
        var service = new KnowledgeService(store, Clock);
        await service.OnboardAsync("atra", new OnboardExpert("igor", "Игорь", "Backend Developer", "ATRA"), "manual:test", Ct);
        await service.OnboardAsync("atra", new OnboardExpert("anna", "Анна", "QA Engineer", "ATRA"), "manual:test", Ct);
        await Add(service, "igor", SectionKind.Learned, "Ретраи без ключа идемпотентности дают двойные списания");
        await Add(service, "anna", SectionKind.Problem, "Флаки-тесты в CI", (ItemFields.Solution, "Изолировать базу данных на каждый тест"));
        return (store, service, IndexedSearchTestCaches.Inline(store));
    }

    protected async Task<IEventStore> SameAsync()
    {
        var store = await OpenSameAsync(Clock);
        _opened.Add(store);
        return store;
    }

    protected static Task Add(KnowledgeService service, string slug, SectionKind section, string text, params (string Key, string Value)[] fields) =>
        service.AddAsync("atra", slug, new AddKnowledge(section, text, fields.ToDictionary(f => f.Key, f => f.Value)), "task:T-" + Guid.NewGuid().ToString("N")[..6], Ct);

    protected static async Task<List<SearchHit>> Search(ISearchIndex index, string text, bool retracted = false) =>
        [.. await index.SearchAsync(new SearchQuery("atra", text, IncludeRetracted: retracted), Ct)];

    [SkippableFact]
    public async Task A_new_item_is_found_by_the_next_search()
    {
        var (_, service, cache) = await NewAsync();
        Assert.Empty(await Search(cache, "кворум"));
        Assert.True(cache.IsLoaded("atra"));

        await Add(service, "anna", SectionKind.Learned, "Кворум из трёх узлов");

        Assert.Equal(["Кворум из трёх узлов"], (await Search(cache, "кворум")).Select(h => h.Text));
    }

    [SkippableFact]
    public async Task A_catch_up_re_reads_only_the_items_the_new_events_name()
    {
        var (store, service, _) = await NewAsync();
        for (var i = 1; i <= 5; i++) await Add(service, "anna", SectionKind.Learned, $"Кворум номер {i} собран");
        var source = new CountingSource((ISearchItemSource)store);
        var cache = new IndexedSearch((ISearchIndex)store, store, source,
            new IndexedSearchOptions { LoadInline = true, Failed = (team, ex) => throw new InvalidOperationException($"cache failed for {team}", ex) });
        Assert.Equal(5, (await Search(cache, "кворум")).Count);
        Assert.Equal(7, source.Rows);

        await Add(service, "anna", SectionKind.Learned, "Кворум из трёх узлов");
        var hits = await Search(cache, "кворум");

        Assert.Equal(1, source.Rows - 7);
        Assert.Equal(6, hits.Count);
        Assert.Contains("Кворум из трёх узлов", hits.Select(h => h.Text));
        var fresh = IndexedSearchTestCaches.Inline(store);
        Assert.Equal((await Search(fresh, "кворум")).Select(h => (h.Expert, h.ItemId, h.Score)), hits.Select(h => (h.Expert, h.ItemId, h.Score)));
    }

    [SkippableFact]
    public async Task An_item_changed_again_after_a_catch_up_is_found_once_as_it_stands_and_retracted_is_gone()
    {
        var (_, service, cache) = await NewAsync();
        Assert.Empty(await Search(cache, "кворум"));
        await Add(service, "anna", SectionKind.Problem, "Кворум теряется при разделении сети");
        Assert.Single(await Search(cache, "кворум"));

        await Add(service, "anna", SectionKind.Problem, "Кворум теряется при разделении сети", (ItemFields.Solution, "Нечётное число узлов"));

        var hit = Assert.Single(await Search(cache, "кворум"));
        Assert.Equal(1, hit.Confirmations);
        await service.RetractAsync("atra", "anna", hit.ItemId, "устарело", "manual:test", Ct);
        Assert.Empty(await Search(cache, "кворум"));
        Assert.Equal(["Флаки-тесты в CI"], (await Search(cache, "тесты")).Select(h => h.Text));
    }

    [SkippableFact]
    public async Task A_retracted_item_is_gone_from_the_next_search()
    {
        var (_, service, cache) = await NewAsync();
        var item = Assert.Single(await Search(cache, "идемпотентности"));

        await service.RetractAsync("atra", "igor", item.ItemId, "неверно", "manual:test", Ct);

        Assert.Empty(await Search(cache, "идемпотентности"));
        Assert.Equal(ItemStatus.Retracted, Assert.Single(await Search(cache, "идемпотентности", retracted: true)).Status);
    }

    [SkippableFact]
    public async Task A_solution_added_to_a_problem_is_found_by_the_next_search()
    {
        var (_, service, cache) = await NewAsync();
        Assert.Empty(await Search(cache, "генератора"));

        await Add(service, "anna", SectionKind.Problem, "Флаки-тесты в CI", (ItemFields.Solution, "Фиксировать seed генератора"));

        var hit = Assert.Single(await Search(cache, "генератора"));
        Assert.Equal((1, "Флаки-тесты в CI"), (hit.Confirmations, hit.Text));
    }

    [SkippableFact]
    public async Task A_merged_expert_items_are_found_under_the_expert_merged_into_as_the_store_finds_them()
    {
        var (store, service, cache) = await NewAsync();
        Assert.Equal("igor", Assert.Single(await Search(cache, "идемпотентности")).Expert);

        await service.MergeAsync("atra", "igor", "anna", "manual:test", Ct);

        var hits = (await Search(cache, "идемпотентности")).Select(h => $"{h.Expert}/{h.ItemId}/{h.Status}").ToList();
        Assert.Contains(hits, h => h.StartsWith("anna/", StringComparison.Ordinal));
        Assert.Equal((await Search((ISearchIndex)store, "идемпотентности")).Select(h => $"{h.Expert}/{h.ItemId}/{h.Status}"), hits);
    }

    [SkippableFact]
    public async Task A_rebuild_reloads_the_team_and_gives_the_same_hits()
    {
        var (store, service, cache) = await NewAsync();
        var before = (await Search(cache, "ретраи тесты")).Select(h => (h.ItemId, h.Score)).ToList();

        await ProjectionRebuilder.RebuildAsync(store, write: true, null, Ct);
        await Add(service, "anna", SectionKind.Learned, "Ретраи маскируют гонки в тестах");

        var after = await Search(cache, "ретраи тесты");
        Assert.Equal(3, after.Count);
        Assert.Equal("Ретраи маскируют гонки в тестах", after[0].Text);
        Assert.True(cache.IsLoaded("atra"));
        Assert.Equal(before.Select(b => b.ItemId).Order(StringComparer.Ordinal), after.Skip(1).Select(h => h.ItemId).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task An_archive_imported_into_a_store_whose_team_is_loaded_is_found()
    {
        var (source, _, _) = await NewAsync();
        var target = await CreateStoreAsync(Clock);
        _opened.Add(target);
        var cache = IndexedSearchTestCaches.Inline(target);
        Assert.Empty(await Search(cache, "идемпотентности"));
        Assert.True(cache.IsLoaded("atra"));

        await StoreCopy.CopyAsync((IStoreArchive)source, (IStoreArchive)target, Ct);

        Assert.Single(await Search(cache, "идемпотентности"));
    }

    [SkippableFact]
    public async Task A_team_not_loaded_is_answered_by_the_store_while_it_loads_in_the_background()
    {
        var (store, _, _) = await NewAsync();
        var cache = new IndexedSearch((ISearchIndex)store, store, (ISearchItemSource)store);

        Assert.Single(await Search(cache, "идемпотентности"));
        for (var i = 0; i < 200 && !cache.IsLoaded("atra"); i++) await Task.Delay(50);

        Assert.True(cache.IsLoaded("atra"));
        Assert.Single(await Search(cache, "идемпотентности"));
    }

    [SkippableFact]
    public async Task A_failed_load_is_told_and_the_store_answers()
    {
        var (store, _, _) = await NewAsync();
        var failures = new List<string>();
        var cache = new IndexedSearch((ISearchIndex)store, store, new FailingSource(),
            new IndexedSearchOptions { Failed = (team, ex) => { lock (failures) failures.Add($"{team}: {ex.Message}"); } });

        Assert.Single(await Search(cache, "идемпотентности"));
        for (var i = 0; i < 200 && failures.Count == 0; i++) await Task.Delay(50);

        Assert.Equal(["atra: the items could not be read"], failures);
        Assert.Single(await Search(cache, "идемпотентности"));
        Assert.False(cache.IsLoaded("atra"));
    }

    [SkippableFact]
    public async Task Past_the_bound_the_least_recently_searched_team_is_dropped_and_served_by_the_store()
    {
        var (store, service, _) = await NewAsync();
        await service.OnboardAsync("beta", new OnboardExpert("zoe", "Zoe", "QA", "B"), "manual:test", Ct);
        await service.AddAsync("beta", "zoe", new AddKnowledge(SectionKind.Learned, "Идемпотентности ключи и ретраи"), "task:B-1", Ct);
        var cache = new IndexedSearch((ISearchIndex)store, store, (ISearchItemSource)store, new IndexedSearchOptions { LoadInline = true, MaxItems = 2 });

        Assert.Single(await Search(cache, "идемпотентности"));
        Assert.True(cache.IsLoaded("atra"));
        Assert.Single(await cache.SearchAsync(new SearchQuery("beta", "идемпотентности"), Ct));

        Assert.True(cache.IsLoaded("beta"));
        Assert.False(cache.IsLoaded("atra"));
        Assert.Equal(1, cache.HeldItems);
        Assert.Single(await Search(cache, "идемпотентности"));
    }

    // The store's own item rows, counted as they are read.
    private sealed class CountingSource(ISearchItemSource inner) : ISearchItemSource
    {
        private int _rows;

        public int Rows => _rows;

        public async IAsyncEnumerable<SearchItemRow> ReadSearchItemsAsync(string team, string? expert, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (var row in inner.ReadSearchItemsAsync(team, expert, ct))
            {
                Interlocked.Increment(ref _rows);
                yield return row;
            }
        }

        public async IAsyncEnumerable<SearchItemRow> ReadSearchItemsAsync(string team, string expert, IReadOnlyCollection<string> itemIds,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (var row in inner.ReadSearchItemsAsync(team, expert, itemIds, ct))
            {
                Interlocked.Increment(ref _rows);
                yield return row;
            }
        }
    }

    // A source whose reads fail (a database gone away), to show a load failure never fails a search.
    private sealed class FailingSource : ISearchItemSource
    {
        public IAsyncEnumerable<SearchItemRow> ReadSearchItemsAsync(string team, string? expert, CancellationToken ct) =>
            throw new StorageException("the items could not be read");

        public IAsyncEnumerable<SearchItemRow> ReadSearchItemsAsync(string team, string expert, IReadOnlyCollection<string> itemIds, CancellationToken ct) =>
            throw new StorageException("the items could not be read");
    }
}

/// <summary>Read-your-writes through the cache on a real SQLite file.</summary>
public sealed class SqliteIndexedSearchFreshnessTests() : IndexedSearchFreshnessContract(new SqliteTestStores());

/// <summary>Read-your-writes through the cache on a real PostgreSQL server, and across two stores on one database (two servers).</summary>
public sealed class PostgresIndexedSearchFreshnessTests() : IndexedSearchFreshnessContract(new PostgresTestStores())
{
    [SkippableFact]
    public async Task A_write_through_one_server_is_found_by_the_other_servers_cache()
    {
        var (_, service, _) = await NewAsync();
        var other = await SameAsync();
        var cache = IndexedSearchTestCaches.Inline(other);
        Assert.Empty(await Search(cache, "кворум"));
        Assert.True(cache.IsLoaded("atra"));

        await Add(service, "anna", SectionKind.Learned, "Кворум из трёх узлов");

        Assert.Equal(["Кворум из трёх узлов"], (await Search(cache, "кворум")).Select(h => h.Text));
    }
}
