using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Tests.Storage;

/// <summary>
/// The WAL is copied into the database file beside the writer (<see cref="SqliteStoreOptions.CheckpointPages"/>), not
/// inside its commits: under a stream of appends the WAL file stays bounded, the database file receives the data
/// while the store is open, and a store opened again finds every acknowledged commit.
/// </summary>
public sealed class SqliteWalCheckpointTests : IDisposable
{
    private const int Writers = 8;
    private const int CommitsEach = 150;
    private const int Pages = 64;

    private readonly TempFolder _temp = new();

    /// <inheritdoc/>
    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task Under_a_stream_of_appends_the_WAL_stays_bounded_and_a_reopened_store_has_every_commit()
    {
        var path = _temp.File("kos.db");
        var options = new SqliteStoreOptions { CheckpointPages = Pages };
        var wal = new FileInfo(path + "-wal");
        long largestWal = 0;
        var written = new (StreamId Stream, long Version, ExpertState State)[Writers];
        long databaseWhileOpen;
        await using (var store = await SqliteEventStore.OpenAsync(path, TimeProvider.System, options, CancellationToken.None))
        {
            await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                var first = Domain.Onboard("t", $"writer-{w}");
                await store.AppendAsync(new Commit("t", [first]), CancellationToken.None);
                var (state, version) = (first.NewState, (long)first.Events.Count);
                for (var i = 0; i < CommitsEach; i++)
                {
                    // About a page of text per item, so the stream moves megabytes through the WAL.
                    var add = Domain.Add(first.Stream, state, version, $"Урок {i} писателя {w}: " + new string((char)('a' + i % 26), 3000), source: $"task:T-{w}-{i}");
                    await store.AppendAsync(new Commit("t", [add]), CancellationToken.None);
                    (state, version) = (add.NewState, version + add.Events.Count);
                    wal.Refresh();
                    if (wal.Exists) InterlockedMax(ref largestWal, wal.Length);
                }
                written[w] = (first.Stream, version, state);
            })));
            Assert.True(store.BackgroundCheckpoints > 0, "no checkpoint ran beside the writer");
            databaseWhileOpen = new FileInfo(path).Length;
        }

        // What went through the WAL is in the database file before the store closes (its close checkpoints the rest).
        var database = new FileInfo(path).Length;
        Assert.True(databaseWhileOpen >= database / 2, $"the database file held {databaseWhileOpen:N0} of {database:N0} bytes while the store was open");
        // Without checkpoints (or without the writer's catch-up) the WAL holds every page written: more than the whole database file.
        Assert.True(largestWal <= database / 2, $"the WAL reached {largestWal:N0} bytes for a database of {database:N0}");
        await using var reopened = await SqliteEventStore.OpenAsync(path, TimeProvider.System, options, CancellationToken.None);
        foreach (var (stream, version, state) in written)
        {
            var loaded = await reopened.LoadAsync(stream, CancellationToken.None);
            Assert.Equal(version, loaded!.Version);
            Assert.Equal(ProjectionRebuilder.Json(state), ProjectionRebuilder.Json(loaded.State));
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var seen = Interlocked.Read(ref target);
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) is var was && was != seen) seen = was;
    }
}
