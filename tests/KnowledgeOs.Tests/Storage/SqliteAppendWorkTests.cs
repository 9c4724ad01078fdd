using KnowledgeOs.Application;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;

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

    private static async Task<long> PagesReadAsync(SqliteEventStore store, Commit commit)
    {
        var before = store.WriterWork.PagesRead;
        await store.AppendAsync(commit, CancellationToken.None);
        return store.WriterWork.PagesRead - before;
    }
}
