using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Tests.Search;

/// <summary>The search contract on a real SQLite file (FTS5).</summary>
public sealed class SqliteSearchTests : SearchContract
{
    private readonly SqliteTestStores _stores = new();

    /// <inheritdoc/>
    protected override Task<IEventStore> CreateStoreAsync(TimeProvider time) => _stores.CreateAsync(time);

    /// <inheritdoc/>
    protected override Task<IEventStore> OpenSameAsync(TimeProvider time) => _stores.OpenSameAsync(time);

    /// <inheritdoc/>
    protected override Task RemoveSearchIndexAsync() => new Remover(_stores.Path).RunAsync();

    /// <summary>Turns a closed SQLite file into one from before search existed.</summary>
    internal sealed class Remover(string path)
    {
        public async Task RunAsync()
        {
            SqliteConnection.ClearAllPools();
            await using var db = new SqliteConnection($"Data Source={path};Pooling=False");
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            // Exactly the schema a kos from before search left: migrations 1 and 2.
            command.CommandText = "DROP TABLE search_fts; DROP INDEX items_by_doc; ALTER TABLE items DROP COLUMN doc; ALTER TABLE items DROP COLUMN terms; " +
                "DROP TABLE item_vectors; DELETE FROM schema_migrations WHERE version > 2;";
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _stores.Dispose();
    }
}
