using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Embeddings;

/// <summary>The hybrid routing and context contract on a real PostgreSQL server; skipped without <c>KOS_TEST_POSTGRES</c>.</summary>
public sealed class PostgresHybridRetrievalTests : HybridRetrievalContract
{
    private readonly PostgresTestStores _stores = new();

    /// <inheritdoc/>
    protected override Task<IEventStore> CreateStoreAsync(TimeProvider time) => _stores.CreateAsync(time);

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _stores.DisposeAsync();
    }
}
