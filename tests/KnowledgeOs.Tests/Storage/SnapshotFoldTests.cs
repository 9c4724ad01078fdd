using KnowledgeOs.Experts;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Tests.Storage;

/// <summary>
/// Folding a stream's events onto a state held in memory (the retrieval corpus after a write, the write cache after a
/// refusal): events it already holds are skipped, a gap in the versions gives nothing to fold over.
/// </summary>
public sealed class SnapshotFoldTests
{
    private static readonly StreamId Stream = new("t", "igor");

    [Fact]
    public void The_events_after_the_kept_version_are_folded_and_those_it_holds_are_skipped()
    {
        var (kept, events) = History(items: 4, keptAt: 3);

        var folded = SnapshotFold.FoldOn(kept, events)!;

        Assert.Equal(events.Count, folded.Version);
        var whole = ExpertState.Fold(null, events.Select(e => e.Event))!;
        Assert.Equal(StoredState.Write(whole), StoredState.Write(folded.State));
    }

    [Fact]
    public void A_gap_after_the_kept_version_gives_nothing()
    {
        var (kept, events) = History(items: 4, keptAt: 3);

        Assert.Null(SnapshotFold.FoldOn(kept, events.Where(e => e.Version != 4)));
    }

    [Fact]
    public void Nothing_new_leaves_the_kept_snapshot()
    {
        var (kept, events) = History(items: 2, keptAt: 3);

        Assert.Same(kept, SnapshotFold.FoldOn(kept, events.Where(e => e.Version <= 3)));
    }

    // An onboarding and several adds as stored events (versions 1…), and the snapshot after the first keptAt of them.
    private static (Snapshot Kept, List<StoredEvent> Events) History(int items, int keptAt)
    {
        var all = Domain.OnboardWithItems(Stream.Team, Stream.Expert, items).Events;
        var events = all.Select((e, i) => new StoredEvent(i + 1, Stream, i + 1, e.GetType().Name, e, Domain.Start)).ToList();
        return (new Snapshot(ExpertState.Fold(null, all.Take(keptAt))!, keptAt), events);
    }
}
