using KnowledgeOs.Experts;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Tests.Storage;

/// <summary>
/// Exclusive work (a projection rebuild, an archive import) as every store runs it: alone, in queue order with the
/// appends — after every append queued before it, before every one queued after — whatever the database's lock.
/// </summary>
public abstract partial class EventStoreContract
{
    [SkippableFact]
    public async Task Exclusive_work_runs_after_the_appends_queued_before_it_and_before_those_after()
    {
        var store = await NewStoreAsync();
        var before = Enumerable.Range(0, 20).Select(i => Domain.Onboard("atra", $"e{i:00}")).ToList();
        var after = Domain.Onboard("atra", "late");

        // Not awaited: the appends are queued, then the rebuild behind them, then one more append.
        var queued = before.Select(a => store.AppendAsync(new Commit("atra", [a]), Ct)).ToList();
        var rebuild = store.ReplaceProjectionsAsync([.. before.Select(a => (a.Stream, new Snapshot(a.NewState, a.Events.Count)))], Ct);
        var last = store.AppendAsync(new Commit("atra", [after]), Ct);
        await Task.WhenAll(queued);
        // The rebuild names exactly the 20 streams queued before it: had it run before one of them, or after the
        // late one, the store would refuse it (a stream missing, or one left out).
        await rebuild;
        await last;

        Assert.Equal(21, (await store.ListAsync("atra", Ct)).Count);
        foreach (var a in before) Assert.Equal(a.Events.Count, (await store.LoadAsync(a.Stream, Ct))!.Version);
    }
}
