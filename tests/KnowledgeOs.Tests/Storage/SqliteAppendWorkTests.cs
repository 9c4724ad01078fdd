using KnowledgeOs.Application;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Tests.Storage;

/// <summary>
/// What one append costs the SQLite writer, read from SQLite's own counters (<see cref="SqliteEventStore.WriterWork"/>):
/// a commit that writes no snapshot must not cost more for an expert with a long history than for a new one.
/// </summary>
public sealed class SqliteAppendWorkTests : IDisposable
{
    private readonly SqliteTestStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Fact]
    public async Task A_commit_without_a_snapshot_reads_as_many_pages_for_a_large_expert_as_for_a_small_one()
    {
        await using var store = (SqliteEventStore)await _stores.CreateAsync(TimeProvider.System, maxEventsPerCommit: 10_000);
        var large = Domain.OnboardWithItems("t", "large", 3000);
        var small = Domain.Onboard("t", "small");
        await store.AppendAsync(new Commit("t", [large]), CancellationToken.None);
        await store.AppendAsync(new Commit("t", [small]), CancellationToken.None);
        var (largeState, largeVersion) = (large.NewState, (long)large.Events.Count);
        var (smallState, smallVersion) = (small.NewState, (long)small.Events.Count);

        // Two lessons each, alternated; the second pair is measured (the first warms the writer's statements).
        long largePages = 0, smallPages = 0;
        for (var round = 0; round < 2; round++)
        {
            var toLarge = Domain.Add(large.Stream, largeState, largeVersion, $"Lesson {round}", source: $"task:T-{round}");
            var toSmall = Domain.Add(small.Stream, smallState, smallVersion, $"Lesson {round}", source: $"task:T-{round}");
            Assert.False(SnapshotPolicy.Due(largeVersion, largeVersion + toLarge.Events.Count, toLarge.NewState));
            Assert.False(SnapshotPolicy.Due(smallVersion, smallVersion + toSmall.Events.Count, toSmall.NewState));
            largePages = await PagesReadAsync(store, new Commit("t", [toLarge]));
            smallPages = await PagesReadAsync(store, new Commit("t", [toSmall]));
            (largeState, largeVersion) = (toLarge.NewState, largeVersion + toLarge.Events.Count);
            (smallState, smallVersion) = (toSmall.NewState, smallVersion + toSmall.Events.Count);
        }

        // The large expert's snapshot is hundreds of pages; its items' and search index's B-trees are a level or two deeper.
        Assert.True(largePages <= smallPages + 16,
            $"a commit to the expert of 3,000 items read {largePages} pages, one to a new expert {smallPages}");
        var loaded = await store.LoadAsync(large.Stream, CancellationToken.None);
        Assert.Equal(largeVersion, loaded!.Version);
        Assert.Equal(ProjectionRebuilder.Json(largeState), ProjectionRebuilder.Json(loaded.State));
    }

    [Fact]
    public async Task Migration_10_moves_every_snapshot_into_its_own_row_and_the_experts_view_reads_as_the_table_did()
    {
        var path = "";
        var large = Domain.OnboardWithItems("t", "large", 300);
        var rich = Domain.Rich("t", "rich");
        string before;
        await using (var store = (SqliteEventStore)await _stores.CreateAsync(TimeProvider.System))
        {
            path = store.Path;
            await store.AppendAsync(new Commit("t", [large, rich]), CancellationToken.None);
            var add = Domain.Add(large.Stream, large.NewState, large.Events.Count, "Lesson after the snapshot", source: "task:T-1");
            await store.AppendAsync(new Commit("t", [add]), CancellationToken.None);
        }
        // The file as migration 9 left it: one experts table with the snapshot in its row.
        await using (var db = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await db.OpenAsync();
            before = await ExpertsAsync(db);
            await using var age = db.CreateCommand();
            age.CommandText = """
                CREATE TABLE old_experts AS SELECT * FROM experts;
                DROP VIEW experts;
                DROP TABLE expert_rows;
                DROP TABLE expert_snapshots;
                CREATE TABLE experts (team TEXT NOT NULL, slug TEXT NOT NULL, version INTEGER NOT NULL, display_name TEXT NOT NULL,
                    role TEXT NOT NULL, status TEXT NOT NULL, state_json TEXT NOT NULL, state_version INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (team, slug));
                INSERT INTO experts SELECT * FROM old_experts;
                DROP TABLE old_experts;
                DELETE FROM schema_migrations WHERE version = 10;
                """;
            await age.ExecuteNonQueryAsync();
            Assert.Equal(before, await ExpertsAsync(db));
        }
        SqliteConnection.ClearAllPools();

        await using (var store = await SqliteEventStore.OpenAsync(path, TimeProvider.System, CancellationToken.None))
        {
            var large2 = await store.LoadAsync(large.Stream, CancellationToken.None);
            Assert.Equal(large.Events.Count + 1, large2!.Version);
            Assert.Empty((await ProjectionRebuilder.RebuildAsync(store, write: false, null, CancellationToken.None)).Mismatches);
        }
        await using (var db = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await db.OpenAsync();
            Assert.Equal(before, await ExpertsAsync(db));
            await using var command = db.CreateCommand();
            command.CommandText = "SELECT group_concat(name) FROM pragma_table_info('expert_rows')";
            Assert.Equal("team,slug,version,display_name,role,status", await command.ExecuteScalarAsync());
        }
    }

    // Every column of every expert row, as text, in slug order.
    private static async Task<string> ExpertsAsync(SqliteConnection db)
    {
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT * FROM experts ORDER BY team, slug";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => $"{reader.GetName(i)}={reader.GetValue(i)}")));
        Assert.Equal(2, rows.Count);
        return string.Join("\n", rows);
    }

    private static async Task<long> PagesReadAsync(SqliteEventStore store, Commit commit)
    {
        var before = store.WriterWork.PagesRead;
        await store.AppendAsync(commit, CancellationToken.None);
        return store.WriterWork.PagesRead - before;
    }
}
