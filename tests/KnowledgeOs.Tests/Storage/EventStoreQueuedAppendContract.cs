using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Tests.Storage;

/// <summary>
/// <see cref="IEventStore.Queue"/>: a commit's place is fixed when it returns, and a commit queued as standing on another
/// is applied only if that one landed — on every store's write path (PostgreSQL's batched checks included).
/// </summary>
public abstract partial class EventStoreContract
{
    [SkippableFact]
    public async Task A_commit_queued_behind_a_refused_one_is_refused_even_when_its_expected_version_matches()
    {
        var mine = await NewStoreAsync();
        var other = await SameStoreAsync();
        const string team = "t";
        var stream = new StreamId(team, "igor");
        var at = DateTimeOffset.Parse("2026-01-05T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        StreamAppend Add(ExpertState? state, long version, string text)
        {
            var events = state is null
                ? ExpertDecider.Onboard(null, new OnboardExpert("igor", "Игорь", "Backend Developer"), "manual:test", at)
                : ExpertDecider.Add(state, new AddKnowledge(SectionKind.Learned, text), "manual:test", at);
            return new StreamAppend(stream, version, events, ExpertState.Fold(state, events)!);
        }
        var onboard = Add(null, 0, "");
        await mine.AppendAsync(new Commit(team, [onboard]), Ct);
        // Another process moves the stream to version 2 while this one decides on version 1.
        await other.AppendAsync(new Commit(team, [Add(onboard.NewState, 1, "From the other process")]), Ct);

        var first = Add(onboard.NewState, 1, "Never lands");
        var queuedFirst = mine.Queue(new Commit(team, [first]), [], Ct);
        // Decided on the first one's state: its expected version (2) is the stream's, but what it stands on never landed.
        var second = Add(first.NewState, 2, "Stands on what never landed");
        var queuedSecond = mine.Queue(new Commit(team, [second]), [queuedFirst], Ct);

        Assert.True(queuedFirst.InOrder);
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => queuedFirst.Durable);
        var refused = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => queuedSecond.Durable);
        Assert.Equal(stream, refused.Stream);
        var stored = await other.LoadAsync(stream, Ct);
        Assert.Equal(2, stored!.Version);
        Assert.Equal(["From the other process"], stored.State.Active(SectionKind.Learned).Select(i => i.Text));
    }
}
