using KnowledgeOs.Application;
using KnowledgeOs.Server.Hosting;
using KnowledgeOs.Storage;
using Appends = KnowledgeOs.Tests.Storage.Domain;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Api;

/// <summary>The server's cache tail reads the log only for what other processes wrote: its own appends are known already.</summary>
public sealed class CacheTailTests : IDisposable
{
    private readonly SqliteTestStores _stores = new();

    [Fact]
    public async Task The_tail_does_not_read_back_the_servers_own_appends()
    {
        await using var inner = await _stores.CreateAsync(TimeProvider.System);
        var cache = new CachingEventStore(inner, new StateCache());
        Assert.Equal(0, await cache.CatchUpAsync(default));
        var onboard = Appends.Onboard("demo", "igor");
        await cache.AppendAsync(new Commit("demo", [onboard]), default);
        var igor = await cache.LoadAsync(onboard.Stream, default);
        await cache.AppendAsync(new Commit("demo", [Appends.Add(onboard.Stream, igor!.State, igor.Version, "Own fact")]), default);

        Assert.Equal(0, await cache.CatchUpAsync(default));
        Assert.Equal(igor.Version + 1, (await cache.LoadAsync(onboard.Stream, default))!.Version);
    }

    [Fact]
    public async Task Another_processs_write_between_the_servers_own_is_read_and_evicts_the_stale_entry()
    {
        await using var inner = await _stores.CreateAsync(TimeProvider.System);
        var cache = new CachingEventStore(inner, new StateCache());
        await cache.CatchUpAsync(default);
        var onboard = Appends.Onboard("demo", "igor");
        await cache.AppendAsync(new Commit("demo", [onboard]), default);
        var igor = (await cache.LoadAsync(onboard.Stream, default))!;
        await using (var cli = await _stores.OpenSameAsync(TimeProvider.System))
            await cli.AppendAsync(new Commit("demo", [Appends.Add(onboard.Stream, igor.State, igor.Version, "Written by the CLI")]), default);
        var anna = Appends.Onboard("demo", "anna");
        await cache.AppendAsync(new Commit("demo", [anna]), default);

        // Igor's onboarding, the server's own before the other write, is skipped; from the other write on the log is read.
        Assert.Equal(1 + anna.Events.Count, await cache.CatchUpAsync(default));
        var fresh = (await cache.LoadAsync(onboard.Stream, default))!;
        Assert.Equal(igor.Version + 1, fresh.Version);
        Assert.Contains(fresh.State.Items.Values, i => i.Text == "Written by the CLI");
    }

    /// <inheritdoc/>
    public void Dispose() => _stores.Dispose();
}
