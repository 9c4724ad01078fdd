using KnowledgeOs.Postgres;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Storage;

/// <summary>
/// The store contract on a real PostgreSQL server (<c>KOS_TEST_POSTGRES</c>), each test in a schema of its own;
/// skipped with the reason when no server is configured.
/// </summary>
public sealed class PostgresEventStoreContractTests : EventStoreContract
{
    private readonly PostgresTestStores _stores = new();

    /// <inheritdoc/>
    protected override Task<IEventStore> CreateStoreAsync(TimeProvider time) => _stores.CreateAsync(time);

    /// <inheritdoc/>
    protected override Task<IEventStore> CreateStoreAsync(TimeProvider time, int maxEventsPerCommit) => _stores.CreateAsync(time, maxEventsPerCommit);

    /// <inheritdoc/>
    protected override Task<IEventStore> OpenSameAsync(TimeProvider time) => _stores.OpenSameAsync(time);

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _stores.DisposeAsync();
    }
}
