using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Tests.Search;

/// <summary>The search contract on a real SQLite file (FTS5).</summary>
public sealed class SqliteSearchTests : SearchContract
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kos-search-" + Guid.NewGuid().ToString("N"));
    private string _path = "";

    /// <inheritdoc/>
    protected override async Task<IEventStore> CreateStoreAsync(TimeProvider time)
    {
        _path = Path.Combine(_folder, Guid.NewGuid().ToString("N"), "kos.db");
        return await SqliteEventStore.OpenAsync(_path, time, CancellationToken.None);
    }

    /// <inheritdoc/>
    protected override async Task<IEventStore> OpenSameAsync(TimeProvider time) =>
        await SqliteEventStore.OpenAsync(_path, time, CancellationToken.None);

    /// <inheritdoc/>
    protected override async Task RemoveSearchIndexAsync()
    {
        SqliteConnection.ClearAllPools();
        await using var db = new SqliteConnection($"Data Source={_path};Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        // Exactly the schema a kos from before search left: migrations 1 and 2.
        command.CommandText = "DROP TABLE search_fts; DROP INDEX items_by_doc; ALTER TABLE items DROP COLUMN doc; ALTER TABLE items DROP COLUMN terms; " +
            "DELETE FROM schema_migrations WHERE version > 2;";
        await command.ExecuteNonQueryAsync();
    }

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
