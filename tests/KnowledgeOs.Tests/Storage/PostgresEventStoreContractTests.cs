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
    private readonly TestPostgres _postgres = new();
    private string _schema = "";

    /// <inheritdoc/>
    protected override async Task<IEventStore> CreateStoreAsync(TimeProvider time)
    {
        var connection = TestPostgres.Require();
        _schema = _postgres.NewSchema();
        return await PostgresEventStore.OpenAsync(connection, time, new PostgresStoreOptions { Schema = _schema }, CancellationToken.None);
    }

    /// <inheritdoc/>
    protected override async Task<IEventStore> OpenSameAsync(TimeProvider time) =>
        await PostgresEventStore.OpenAsync(TestPostgres.Require(), time, new PostgresStoreOptions { Schema = _schema }, CancellationToken.None);

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}
