using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Npgsql;

namespace KnowledgeOs.Tests.Search;

/// <summary>
/// The kept per-term document counts on a real PostgreSQL server: one row per team, term and expert (experts are
/// written concurrently); skipped without <c>KOS_TEST_POSTGRES</c>.
/// </summary>
public sealed class PostgresTermDocsTests : TermDocsContract
{
    private readonly PostgresTestStores _stores = new();

    /// <inheritdoc/>
    protected override Task<IEventStore> CreateStoreAsync(TimeProvider time) => _stores.CreateAsync(time);

    /// <inheritdoc/>
    protected override string Key(string team, string expert, string term) => $"{team}/{expert}/{term}";

    /// <inheritdoc/>
    protected override async Task<Dictionary<string, long>> KeptAsync()
    {
        var kept = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var row in ReadAsync("SELECT team, expert, term, docs FROM term_docs WHERE docs <> 0"))
            kept[Key(row.GetString(0), row.GetString(1), row.GetString(2))] = row.GetInt64(3);
        return kept;
    }

    /// <inheritdoc/>
    protected override async Task<List<(string Team, string Expert, string Terms)>> IndexedItemsAsync()
    {
        var items = new List<(string, string, string)>();
        await foreach (var row in ReadAsync("SELECT team, expert, terms FROM items")) items.Add((row.GetString(0), row.GetString(1), row.GetString(2)));
        return items;
    }

    /// <inheritdoc/>
    protected override async Task<long> SetKeptAsync(string term, long docs)
    {
        await using var db = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestPostgres.WithSchema(_stores.Schema)) { Pooling = false }.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("UPDATE term_docs SET docs = @docs WHERE term = @term", db);
        command.Parameters.AddWithValue("docs", docs);
        command.Parameters.AddWithValue("term", term);
        return await command.ExecuteNonQueryAsync();
    }

    private async IAsyncEnumerable<NpgsqlDataReader> ReadAsync(string sql)
    {
        await using var db = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestPostgres.WithSchema(_stores.Schema)) { Pooling = false }.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) yield return reader;
    }

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _stores.DisposeAsync();
    }
}
