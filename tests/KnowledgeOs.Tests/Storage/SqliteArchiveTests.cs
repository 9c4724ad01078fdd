using System.Text.Json;
using KnowledgeOs.Events;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Tests.Storage;

/// <summary>Whole-store export and import of the SQLite store (backup, restore, <c>kos migrate</c>).</summary>
public sealed class SqliteArchiveTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private readonly List<SqliteEventStore> _stores = [];
    private static CancellationToken Ct => CancellationToken.None;

    /// <inheritdoc/>
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    private async Task<SqliteEventStore> OpenAsync(string name)
    {
        var store = await SqliteEventStore.OpenAsync(_temp.File(name), TimeProvider.System, Ct);
        _stores.Add(store);
        return store;
    }

    private static async Task<List<ArchiveRecord>> ExportAll(IStoreArchive store)
    {
        var list = new List<ArchiveRecord>();
        await foreach (var r in store.ExportAsync(Ct)) list.Add(r);
        return list;
    }

    private static async IAsyncEnumerable<ArchiveRecord> Stream(IEnumerable<ArchiveRecord> records)
    {
        foreach (var r in records)
        {
            await Task.Yield();
            yield return r;
        }
    }

    private static async Task<SqliteEventStore> FillAsync(SqliteEventStore store)
    {
        var igor = Domain.Rich("atra", "igor");
        await store.AppendAsync(new Commit("atra", [igor, Domain.OnboardWithItems("atra", "anna", 3)], "task:1", "h1"), Ct);
        await store.AppendAsync(new Commit("atra", [Domain.Add(igor.Stream, igor.NewState, igor.Events.Count, "Новое знание", "task:T-2")], "task:2", "h2"), Ct);
        await store.AppendAsync(new Commit("beta", [Domain.Onboard("beta", "zoe")]), Ct);
        return store;
    }

    [Fact]
    public async Task An_exported_store_imports_into_an_empty_one_with_the_same_content()
    {
        var source = await FillAsync(await OpenAsync("source.db"));
        var target = await OpenAsync("target.db");

        var imported = await target.ImportAsync(source.ExportAsync(Ct), Ct);

        var original = await ArchiveHash.OfAsync(source.ExportAsync(Ct), Ct);
        Assert.Equal(original, imported);
        Assert.Equal(original, await ArchiveHash.OfAsync(target.ExportAsync(Ct), Ct));
        Assert.Equal(2, imported.Keys);
        foreach (var stream in new[] { new StreamId("atra", "igor"), new StreamId("atra", "anna"), new StreamId("beta", "zoe") })
        {
            var a = (await source.LoadAsync(stream, Ct))!;
            var b = (await target.LoadAsync(stream, Ct))!;
            Assert.Equal(a.Version, b.Version);
            Assert.Equal(JsonSerializer.Serialize(a.State, EventTypes.Json), JsonSerializer.Serialize(b.State, EventTypes.Json));
        }
        Assert.Equal(["atra", "beta"], await target.TeamsAsync(Ct));
    }

    [Fact]
    public async Task An_imported_store_goes_on_where_the_source_stopped()
    {
        var source = await FillAsync(await OpenAsync("source.db"));
        var target = await OpenAsync("target.db");
        await target.ImportAsync(source.ExportAsync(Ct), Ct);
        var igor = (await target.LoadAsync(new StreamId("atra", "igor"), Ct))!;
        var last = await source.HeadPositionAsync(Ct);

        var duplicate = await target.AppendAsync(new Commit("atra", [], "task:2", "h2"), Ct);
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            target.AppendAsync(new Commit("atra", [Domain.Add(new StreamId("atra", "igor"), igor.State, igor.Version - 1, "Устаревшее")]), Ct));
        var next = await target.AppendAsync(new Commit("atra", [Domain.Add(new StreamId("atra", "igor"), igor.State, igor.Version, "Следующее", "task:T-3")]), Ct);

        Assert.True(duplicate.Duplicate);
        Assert.Equal(new AppendResult(false, last + 1, 1), next);
    }

    [Fact]
    public async Task Importing_into_a_store_that_holds_events_is_refused()
    {
        var source = await FillAsync(await OpenAsync("source.db"));
        var target = await FillAsync(await OpenAsync("target.db"));
        var before = await ArchiveHash.OfAsync(target.ExportAsync(Ct), Ct);

        var ex = await Assert.ThrowsAsync<ConflictException>(() => target.ImportAsync(source.ExportAsync(Ct), Ct));

        Assert.Contains("already holds events", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await ArchiveHash.OfAsync(target.ExportAsync(Ct), Ct));
    }

    [Fact]
    public async Task An_inconsistent_archive_leaves_the_store_empty()
    {
        var source = await FillAsync(await OpenAsync("source.db"));
        var records = await ExportAll(source);
        // Drop igor's second event: his versions now skip one.
        var gap = records.OfType<RawEvent>().Where(e => e.Stream == "atra/igor").Skip(1).First();
        var target = await OpenAsync("target.db");

        var ex = await Assert.ThrowsAsync<StorageException>(() => target.ImportAsync(Stream(records.Where(r => r != gap)), Ct));

        Assert.Contains("skips a version of atra/igor", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await target.CountEventsAsync(Ct));
        Assert.Empty(await target.TeamsAsync(Ct));
        Assert.Equal(await ArchiveHash.OfAsync(source.ExportAsync(Ct), Ct), await target.ImportAsync(Stream(records), Ct));
    }
}
