using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using KnowledgeOs.Sqlite;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Tests.Search;

/// <summary>The kept per-term document counts on a real SQLite file: one row per term over the whole FTS5 index.</summary>
public sealed class SqliteTermDocsTests : TermDocsContract
{
    private readonly SqliteTestStores _stores = new();

    /// <inheritdoc/>
    protected override Task<IEventStore> CreateStoreAsync(TimeProvider time) => _stores.CreateAsync(time);

    [Fact]
    public async Task A_commit_rolled_back_to_its_savepoint_in_a_batch_leaves_no_count_while_the_others_land()
    {
        var store = (SqliteEventStore)await _stores.CreateAsync(TimeProvider.System);
        // igor's first version is taken though igor has no stream row: his commit passes its checks and the database
        // refuses it only after its other expert's items (and their terms) are written; its batch runs again with a
        // savepoint per commit, and that commit is rolled back to its savepoint.
        await using (var db = new SqliteConnection($"Data Source={_stores.Path};Pooling=False"))
        {
            await db.OpenAsync();
            await using var plant = db.CreateCommand();
            plant.CommandText = "INSERT INTO events (stream, version, type, data, recorded_at) VALUES ('atra/igor', 1, 'v1.Planted', '{}', '2026-11-02T09:00:00.0000000Z')";
            await plant.ExecuteNonQueryAsync();
        }
        var slugs = Enumerable.Range(0, 40).Select(i => i == 23 ? "igor" : $"e{i:00}").ToList();
        var outcomes = await Task.WhenAll(slugs.Select(slug => Task.Run(async () =>
        {
            try
            {
                var items = Storage.Domain.OnboardWithItems("atra", "anna" + slug, slug == "igor" ? 5 : 1);
                await store.AppendAsync(new Commit("atra", [items, Storage.Domain.Onboard("atra", slug)]), CancellationToken.None);
                return null;
            }
            catch (InputException ex)
            {
                return ex;
            }
        })));
        Assert.IsType<InputException>(outcomes[23]);
        Assert.Equal(39, outcomes.Count(o => o is null));
        await AssertCountsMatchItemsAsync("a batch with a commit rolled back to its savepoint");
        // The refused commit alone held «урок 4» (its fifth item): no count of it is left.
        Assert.False((await KeptAsync()).ContainsKey("4"));
    }

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
