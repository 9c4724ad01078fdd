using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Application;

public sealed class StaleWriteCacheTests : IDisposable
{
    private readonly TempFolder _dir = new();

    [Fact]
    public async Task A_writer_whose_cached_state_went_stale_retries_on_fresh_state_and_loses_nothing()
    {
        var path = _dir.File("kos.db");
        await using var storeA = await SqliteEventStore.OpenAsync(path, TimeProvider.System, CancellationToken.None);
        await using var storeB = await SqliteEventStore.OpenAsync(path, TimeProvider.System, CancellationToken.None);
        var a = new KnowledgeService(storeA, TimeProvider.System);
        var b = new KnowledgeService(storeB, TimeProvider.System);
        await a.OnboardAsync("t", new OnboardExpert("igor", "Игорь", "Backend Developer"), "manual:a", CancellationToken.None);

        // A caches the state it wrote; B (another process) moves the stream on; A's next write decides on a stale state.
        await a.AddAsync("t", "igor", new AddKnowledge(SectionKind.Learned, "first from A"), "manual:a", CancellationToken.None);
        await b.AddAsync("t", "igor", new AddKnowledge(SectionKind.Learned, "from B"), "manual:b", CancellationToken.None);
        var result = await a.AddAsync("t", "igor", new AddKnowledge(SectionKind.Learned, "second from A"), "manual:a", CancellationToken.None);

        var stored = await b.GetAsync("t", "igor", null, CancellationToken.None);
        Assert.Equal(4, stored.Version);
        Assert.Equal(4, result.Changes[0].Version);
        Assert.Equal(["first from A", "from B", "second from A"], stored.State.Active(SectionKind.Learned).Select(i => i.Text));
        var rebuilt = await ProjectionRebuilder.RebuildAsync(storeA, write: false, null, CancellationToken.None);
        Assert.Empty(rebuilt.Mismatches);
    }

    public void Dispose() => _dir.Dispose();
}
