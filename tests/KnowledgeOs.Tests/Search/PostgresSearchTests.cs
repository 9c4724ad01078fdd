using KnowledgeOs.Postgres;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Search;

/// <summary>The search contract on a real PostgreSQL server (tsvector + GIN), each test in a schema of its own; skipped without <c>KOS_TEST_POSTGRES</c>.</summary>
public sealed class PostgresSearchTests : SearchContract
{
    private readonly PostgresTestStores _stores = new();

    /// <inheritdoc/>
    protected override Task<IEventStore> CreateStoreAsync(TimeProvider time) => _stores.CreateAsync(time);

    /// <inheritdoc/>
    protected override Task<IEventStore> OpenSameAsync(TimeProvider time) => _stores.OpenSameAsync(time);

    /// <inheritdoc/>
    protected override async Task RemoveSearchIndexAsync() =>
        // Exactly the schema a kos from before search left: migrations 1 and 2.
        await TestPostgres.ScalarAsync("DROP INDEX items_search; ALTER TABLE items DROP COLUMN search, DROP COLUMN terms; DROP TABLE item_vectors; DELETE FROM schema_migrations WHERE version >= 3;", _stores.Schema);

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _stores.DisposeAsync();
    }
}
