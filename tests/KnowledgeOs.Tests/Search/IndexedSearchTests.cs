using System.Runtime.CompilerServices;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Retrieval.Cache;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Search;

/// <summary>The search contract answered by the in-memory cache over a real SQLite file (each team loaded inline by its first search).</summary>
public sealed class SqliteIndexedSearchTests : SearchContract
{
    private readonly SqliteTestStores _stores = new();
    private readonly ConditionalWeakTable<IEventStore, IndexedSearch> _caches = [];

    /// <inheritdoc/>
    protected override Task<IEventStore> CreateStoreAsync(TimeProvider time) => _stores.CreateAsync(time);

    /// <inheritdoc/>
    protected override Task<IEventStore> OpenSameAsync(TimeProvider time) => _stores.OpenSameAsync(time);

    /// <inheritdoc/>
    protected override Task RemoveSearchIndexAsync() => new SqliteSearchTests.Remover(_stores.Path).RunAsync();

    /// <inheritdoc/>
    protected override ISearchIndex IndexOf(IEventStore store) => new IndexedSearchTestCaches.Answered(_caches.GetValue(store, IndexedSearchTestCaches.Inline));

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _stores.Dispose();
    }
}

/// <summary>The search contract answered by the in-memory cache over a real PostgreSQL server; skipped without <c>KOS_TEST_POSTGRES</c>.</summary>
public sealed class PostgresIndexedSearchTests : SearchContract
{
    private readonly PostgresTestStores _stores = new();
    private readonly ConditionalWeakTable<IEventStore, IndexedSearch> _caches = [];

    /// <inheritdoc/>
    protected override Task<IEventStore> CreateStoreAsync(TimeProvider time) => _stores.CreateAsync(time);

    /// <inheritdoc/>
    protected override Task<IEventStore> OpenSameAsync(TimeProvider time) => _stores.OpenSameAsync(time);

    /// <inheritdoc/>
    protected override async Task RemoveSearchIndexAsync() =>
        await TestPostgres.ScalarAsync("DROP INDEX items_search; ALTER TABLE items DROP COLUMN search, DROP COLUMN terms; DROP TABLE item_vectors; DELETE FROM schema_migrations WHERE version >= 3;", _stores.Schema);

    /// <inheritdoc/>
    protected override ISearchIndex IndexOf(IEventStore store) => new IndexedSearchTestCaches.Answered(_caches.GetValue(store, IndexedSearchTestCaches.Inline));

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _stores.DisposeAsync();
    }
}

/// <summary>Caches for tests: loaded inline, so the cache (not the store underneath) answers every search.</summary>
internal static class IndexedSearchTestCaches
{
    public static IndexedSearch Inline(IEventStore store) =>
        new((ISearchIndex)store, store, (ISearchItemSource)store, new IndexedSearchOptions { LoadInline = true, Failed = (team, ex) => throw new InvalidOperationException($"cache failed for {team}", ex) });

    /// <summary>Searches through the cache and checks that the cache (not the store underneath) held the team when it answered.</summary>
    public sealed class Answered(IndexedSearch cache) : ISearchIndex
    {
        public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken ct)
        {
            var hits = await cache.SearchAsync(query, ct);
            Assert.True(cache.IsLoaded(query.Team), $"the store answered for {query.Team}, not the cache");
            return hits;
        }
    }
}
