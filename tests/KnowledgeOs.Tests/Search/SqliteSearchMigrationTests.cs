using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Tests.Support;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Tests.Search;

/// <summary>The SQLite search schema's own history: version 3 kept document ids in a table of their own, version 4 on the item rows.</summary>
public sealed class SqliteSearchMigrationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_database_with_the_first_search_schema_moves_to_document_ids_on_the_item_rows()
    {
        var path = _folder.File("kos.db");
        var store = await SqliteEventStore.OpenAsync(path, TimeProvider.System, default);
        var service = new KnowledgeService(store, TimeProvider.System);
        await service.OnboardAsync("atra", new OnboardExpert("igor", "Игорь", "Backend Developer"), "manual:test", default);
        await service.AddAsync("atra", "igor", new AddKnowledge(SectionKind.Learned, "Ретраи без ключа дают двойные списания"), "task:T-1", default);
        await store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await using (var db = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            // Schema version 3 as it was released: search_docs beside the items, its terms indexed by the FTS table.
            command.CommandText = """
                DROP INDEX items_by_doc; ALTER TABLE items DROP COLUMN doc; ALTER TABLE items DROP COLUMN terms;
                CREATE TABLE search_docs (doc INTEGER PRIMARY KEY, team TEXT NOT NULL, expert TEXT NOT NULL, item_id TEXT NOT NULL,
                    terms TEXT NOT NULL, UNIQUE (team, expert, item_id));
                INSERT INTO search_docs (team, expert, item_id, terms) SELECT team, expert, item_id, 'stale' FROM items;
                INSERT INTO search_fts (search_fts) VALUES ('delete-all');
                INSERT INTO search_fts (rowid, terms) SELECT doc, terms FROM search_docs;
                DROP TABLE item_vectors;
                DELETE FROM schema_migrations WHERE version >= 4;
                """;
            await command.ExecuteNonQueryAsync();
        }

        await using var reopened = await SqliteEventStore.OpenAsync(path, TimeProvider.System, default);

        var hit = Assert.Single(await reopened.SearchAsync(new SearchQuery("atra", "ретраев"), default));
        Assert.Equal("igor", hit.Expert);
        Assert.Empty(await reopened.SearchAsync(new SearchQuery("atra", "stale"), default));
    }

    [Fact]
    public async Task A_database_indexed_by_the_earlier_analyzer_is_indexed_again()
    {
        var path = _folder.File("kos.db");
        var store = await SqliteEventStore.OpenAsync(path, TimeProvider.System, default);
        var service = new KnowledgeService(store, TimeProvider.System);
        await service.OnboardAsync("atra", new OnboardExpert("igor", "Игорь", "Backend Developer"), "manual:test", default);
        await service.AddAsync("atra", "igor", new AddKnowledge(SectionKind.Learned, "Латентность растёт на уровне диска"), "task:T-1", default);
        await store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        await using (var db = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            // Schema version 4 with the terms its analyzer wrote: Snowball stems only, no folded vowel, no cognate key.
            command.CommandText = """
                UPDATE items SET terms = 'латентн раст уровен диск';
                INSERT INTO search_fts (search_fts) VALUES ('delete-all');
                INSERT INTO search_fts (rowid, terms) SELECT doc, terms FROM items;
                DROP TABLE item_vectors;
                DELETE FROM schema_migrations WHERE version >= 5;
                """;
            await command.ExecuteNonQueryAsync();
        }

        await using var reopened = await SqliteEventStore.OpenAsync(path, TimeProvider.System, default);

        var hit = Assert.Single(await reopened.SearchAsync(new SearchQuery("atra", "уровни"), default));
        Assert.Equal(MatchKind.Stem, Assert.Single(hit.Matches!).How);
        // "latency" meets «латентность» through the glossary and the cognate key; the glossary is the stronger reason.
        Assert.Single(await reopened.SearchAsync(new SearchQuery("atra", "latency"), default));
    }
}
