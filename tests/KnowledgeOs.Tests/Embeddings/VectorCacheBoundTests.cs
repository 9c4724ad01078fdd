using KnowledgeOs.Hosting;
using KnowledgeOs.Hosting.Embeddings;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Embeddings;

/// <summary>The vector cache is bounded by the vectors it holds: past the bound, the teams searched least recently go (and load again when searched).</summary>
public sealed class VectorCacheBoundTests : IDisposable
{
    private const string Model = "test-model";
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempFolder _dir = new();

    [Fact]
    public async Task Past_its_bound_the_cache_lets_go_of_the_team_searched_least_recently_and_loads_it_again_when_searched()
    {
        await using var store = await SqliteEventStore.OpenAsync(_dir.File("kos.db"), TimeProvider.System, Ct);
        var vectors = new ItemVectors(await ServerDatabase.OpenAsync(store, Ct), TimeProvider.System);
        foreach (var team in new[] { "alpha", "beta", "gamma" })
            await vectors.SaveAsync(Model, [.. Enumerable.Range(0, 3).Select(n => (new PendingItem(team, "igor", $"i{n}", "text"), (ReadOnlyMemory<float>)new float[] { 1, n, 0 }))], Ct);
        var cache = new VectorCache(vectors, Model, maxVectors: 7);

        await cache.IndexAsync("alpha", Ct);
        await cache.IndexAsync("beta", Ct);
        await cache.IndexAsync("alpha", Ct); // alpha searched again: beta is now the least recent
        await cache.IndexAsync("gamma", Ct);

        Assert.True(cache.HeldVectors <= 7, $"the cache holds {cache.HeldVectors} vectors past its bound of 7");
        Assert.Equal(["alpha", "gamma"], cache.Teams.Order(StringComparer.Ordinal));
        Assert.Equal(3, (await cache.IndexAsync("beta", Ct))?.Count);
    }

    public void Dispose() => _dir.Dispose();
}
