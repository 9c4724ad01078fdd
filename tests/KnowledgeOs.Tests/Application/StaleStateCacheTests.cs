using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Application;

public sealed class StaleStateCacheTests : IDisposable
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
        // The one lost race is counted (the bench reports these per run); B never lost one.
        Assert.Equal((1L, 0L), (a.ConflictRetries, b.ConflictRetries));
        Assert.Equal(["first from A", "from B", "second from A"], stored.State.Active(SectionKind.Learned).Select(i => i.Text));
        var rebuilt = await ProjectionRebuilder.RebuildAsync(storeA, write: false, null, CancellationToken.None);
        Assert.Empty(rebuilt.Mismatches);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(StateCache.MaxCatchUp + 5)]
    public async Task A_writer_a_few_or_many_events_behind_decides_on_exactly_the_stored_state(int othersWrites)
    {
        var path = _dir.File($"behind-{othersWrites}.db");
        await using var storeA = await SqliteEventStore.OpenAsync(path, TimeProvider.System, CancellationToken.None);
        await using var storeB = await SqliteEventStore.OpenAsync(path, TimeProvider.System, CancellationToken.None);
        var a = new KnowledgeService(storeA, TimeProvider.System);
        var b = new KnowledgeService(storeB, TimeProvider.System);
        await a.OnboardAsync("t", new OnboardExpert("igor", "Игорь", "Backend Developer"), "manual:a", CancellationToken.None);
        await a.AddAsync("t", "igor", new AddKnowledge(SectionKind.Learned, "from A"), "manual:a", CancellationToken.None);
        // B confirms and adds: a caught-up state must carry both the new items and the changed confirmations.
        for (var i = 0; i < othersWrites; i++)
        {
            var text = i % 2 == 0 ? "from A" : $"from B {i}";
            await b.AddAsync("t", "igor", new AddKnowledge(SectionKind.Learned, text), $"manual:b{i}", CancellationToken.None);
        }

        await a.AddAsync("t", "igor", new AddKnowledge(SectionKind.Learned, "again from A"), "manual:a2", CancellationToken.None);
        await a.AddAsync("t", "igor", new AddKnowledge(SectionKind.Learned, "from A"), "manual:a3", CancellationToken.None);

        var stored = await b.GetAsync("t", "igor", null, CancellationToken.None);
        Assert.Equal(2 + othersWrites + 2, stored.Version);
        Assert.Contains("again from A", stored.State.Active(SectionKind.Learned).Select(i => i.Text));
        // The state A appended (decided on its caught-up or re-read state) equals the fold of the log.
        var rebuilt = await ProjectionRebuilder.RebuildAsync(storeA, write: false, null, CancellationToken.None);
        Assert.Empty(rebuilt.Mismatches);
    }

    public void Dispose() => _dir.Dispose();
}
