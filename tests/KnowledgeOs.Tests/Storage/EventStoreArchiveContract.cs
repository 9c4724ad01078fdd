using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Storage;

/// <summary>
/// The archive (export, import) as every store must do it: one flow over either database, so an archive moves
/// between stores whole, the target goes on from the imported head, and a failed import — exclusive work rolled
/// back — leaves the store empty and writable.
/// </summary>
public abstract partial class EventStoreContract
{
    private static async Task<List<ArchiveRecord>> Export(IEventStore store)
    {
        var list = new List<ArchiveRecord>();
        await foreach (var r in ((IStoreArchive)store).ExportAsync(Ct)) list.Add(r);
        return list;
    }

    private static async IAsyncEnumerable<ArchiveRecord> Replay(IEnumerable<ArchiveRecord> records)
    {
        foreach (var r in records)
        {
            await Task.Yield();
            yield return r;
        }
    }

    private static async Task<List<StoredEvent>> ReadTeam(IEventStore store, string team, long after = 0)
    {
        var list = new List<StoredEvent>();
        await foreach (var e in store.ReadTeamAfterAsync(team, after, Ct)) list.Add(e);
        return list;
    }

    private static string Row(StoredEvent e) =>
        $"{e.Position} {e.Stream} {e.Version} {e.Type} {e.RecordedAt:O} {System.Text.Json.JsonSerializer.Serialize(e.Event, EventTypes.Json)}";

    [SkippableFact]
    public async Task An_archive_moves_between_stores_whole_and_the_target_goes_on_from_its_head()
    {
        var source = await NewStoreAsync();
        var igor = Domain.Rich("atra", "igor");
        await source.AppendAsync(new Commit("atra", [igor, Domain.OnboardWithItems("atra", "anna", 3)], "task:1", "h1"), Ct);
        Clock.Advance(TimeSpan.FromMinutes(5));
        await source.AppendAsync(new Commit("beta", [Domain.Onboard("beta", "zoe")], "task:2", "h2"), Ct);
        var records = await Export(source);
        var target = await NewStoreAsync();

        var imported = await ((IStoreArchive)target).ImportAsync(Replay(records), Ct);

        var exported = await ArchiveHash.OfAsync(Replay(records), Ct);
        Assert.Equal(exported, imported);
        Assert.Equal(exported, await ArchiveHash.OfAsync(((IStoreArchive)target).ExportAsync(Ct), Ct));
        Assert.Equal(2L, exported.Keys);
        Assert.Equal(StoredState.Write(igor.NewState), StoredState.Write((await target.LoadAsync(igor.Stream, Ct))!.State));
        Assert.Equal(new[] { "atra", "beta" }, await target.TeamsAsync(Ct));
        Assert.Equal((await ReadTeam(source, "atra")).Select(Row), (await ReadTeam(target, "atra")).Select(Row));
        var head = await source.HeadPositionAsync(Ct);
        Assert.Equal(head, await target.HeadPositionAsync(Ct));
        // The imported keys are known, and the next append takes the position after the imported head.
        Assert.True((await target.AppendAsync(new Commit("atra", [], "task:1", "h1"), Ct)).Duplicate);
        var next = await target.AppendAsync(new Commit("beta", [Domain.Onboard("beta", "max")]), Ct);
        Assert.Equal(head + 1, next.LastPosition);
        Assert.Equal(head + 1, await target.HeadPositionAsync(Ct));
    }

    [SkippableFact]
    public async Task A_failed_import_leaves_the_store_empty_and_writable_and_a_full_store_refuses_one()
    {
        var source = await NewStoreAsync();
        await source.AppendAsync(new Commit("atra", [Domain.OnboardWithItems("atra", "igor", 3)], "task:1", "h1"), Ct);
        await source.AppendAsync(new Commit("atra", [Domain.Onboard("atra", "anna")]), Ct);
        var records = await Export(source);
        // Past the first events loaded, the archive skips one of anna's versions: the whole import must roll back.
        var broken = records.Select(r => r is RawEvent { Stream: "atra/anna", Version: 1 } e ? e with { Version = 2 } : r).ToList();
        var target = await NewStoreAsync();

        var failed = await Assert.ThrowsAsync<StorageException>(() => ((IStoreArchive)target).ImportAsync(Replay(broken), Ct));

        Assert.Contains("skips a version of atra/anna", failed.Message, StringComparison.Ordinal);
        Assert.Equal(0, await target.CountEventsAsync(Ct));
        Assert.Equal(0, await target.HeadPositionAsync(Ct));
        Assert.Empty(await target.TeamsAsync(Ct));
        Assert.Null(await target.LoadAsync(new StreamId("atra", "igor"), Ct));
        var first = await target.AppendAsync(new Commit("beta", [Domain.Onboard("beta", "zoe")]), Ct);
        Assert.Equal(new AppendResult(false, 1, 1), first);
        var before = await ArchiveHash.OfAsync(((IStoreArchive)target).ExportAsync(Ct), Ct);

        var refused = await Assert.ThrowsAsync<ConflictException>(() => ((IStoreArchive)target).ImportAsync(Replay(records), Ct));

        Assert.Contains("already holds events", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await ArchiveHash.OfAsync(((IStoreArchive)target).ExportAsync(Ct), Ct));
    }
}
