using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Tests.Search;

/// <summary>The kept per-term document counts on a real SQLite file: one row per term over the whole FTS5 index.</summary>
public sealed class SqliteTermDocsTests : TermDocsContract
{
    private readonly SqliteTestStores _stores = new();

    /// <inheritdoc/>
    protected override Task<IEventStore> CreateStoreAsync(TimeProvider time) => _stores.CreateAsync(time);

    /// <inheritdoc/>
    protected override string Key(string team, string expert, string term) => term;

    /// <inheritdoc/>
    protected override async Task<Dictionary<string, long>> KeptAsync()
    {
        var kept = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var row in ReadAsync("SELECT term, docs FROM term_docs WHERE docs <> 0")) kept[row.GetString(0)] = row.GetInt64(1);
        return kept;
    }

    /// <inheritdoc/>
    protected override async Task<List<(string Team, string Expert, string Terms)>> IndexedItemsAsync()
    {
        var items = new List<(string, string, string)>();
        await foreach (var row in ReadAsync("SELECT team, expert, terms FROM items WHERE doc IS NOT NULL")) items.Add((row.GetString(0), row.GetString(1), row.GetString(2)));
        return items;
    }

    /// <inheritdoc/>
    protected override async Task<long> SetKeptAsync(string term, long docs)
    {
        await using var db = new SqliteConnection($"Data Source={_stores.Path};Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = "UPDATE term_docs SET docs = $docs WHERE term = $term";
        command.Parameters.AddWithValue("$docs", docs);
        command.Parameters.AddWithValue("$term", term);
        return await command.ExecuteNonQueryAsync();
    }

    private async IAsyncEnumerable<SqliteDataReader> ReadAsync(string sql)
    {
        await using var db = new SqliteConnection($"Data Source={_stores.Path};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) yield return reader;
    }

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _stores.Dispose();
    }
}
