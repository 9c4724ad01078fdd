using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Embeddings;

/// <summary>The hybrid search contract on a real SQLite file (vectors as float32 BLOBs).</summary>
public sealed class SqliteHybridSearchTests : HybridSearchContract
{
    private readonly SqliteTestStores _stores = new();

    /// <inheritdoc/>
    protected override Task<IEventStore> CreateStoreAsync(TimeProvider time) => _stores.CreateAsync(time);

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _stores.Dispose();
    }
}
