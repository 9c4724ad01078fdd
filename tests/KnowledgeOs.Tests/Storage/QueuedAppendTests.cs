using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Storage;

/// <summary>
/// <see cref="IEventStore.Queue"/> on SQLite: a commit's place is fixed when it returns, and a commit queued as standing
/// on another is applied only if that one landed.
/// </summary>
public sealed class QueuedAppendTests : IDisposable
{
    private const string Team = "t";
    private readonly TempFolder _dir = new();

    [Fact]
    public async Task A_commit_queued_behind_a_refused_one_is_refused_even_when_its_expected_version_matches()
    {
        var path = _dir.File("aba.db");
        await using var mine = await SqliteEventStore.OpenAsync(path, TimeProvider.System, CancellationToken.None);
        await using var other = await SqliteEventStore.OpenAsync(path, TimeProvider.System, CancellationToken.None);
        var stream = new StreamId(Team, "igor");
        var at = DateTimeOffset.Parse("2026-01-05T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        StreamAppend Add(ExpertState? state, long version, string text)
        {
            var events = state is null
                ? ExpertDecider.Onboard(null, new OnboardExpert("igor", "Игорь", "Backend Developer"), "manual:test", at)
                : ExpertDecider.Add(state, new AddKnowledge(SectionKind.Learned, text), "manual:test", at);
            return new StreamAppend(stream, version, events, ExpertState.Fold(state, events)!);
        }
        var onboard = Add(null, 0, "");
        await mine.AppendAsync(new Commit(Team, [onboard]), CancellationToken.None);
        // Another process moves the stream to version 2 while this one decides on version 1.
        await other.AppendAsync(new Commit(Team, [Add(onboard.NewState, 1, "From the other process")]), CancellationToken.None);

        var first = Add(onboard.NewState, 1, "Never lands");
        var queuedFirst = mine.Queue(new Commit(Team, [first]), [], CancellationToken.None);
        // Decided on the first one's state: its expected version (2) is the stream's, but what it stands on never landed.
        var second = Add(first.NewState, 2, "Stands on what never landed");
        var queuedSecond = mine.Queue(new Commit(Team, [second]), [queuedFirst], CancellationToken.None);

        Assert.True(queuedFirst.InOrder);
        await Assert.ThrowsAsync<WrongExpectedVersionException>(() => queuedFirst.Durable);
        var refused = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => queuedSecond.Durable);
        Assert.Equal(stream, refused.Stream);
        var stored = await other.LoadAsync(stream, CancellationToken.None);
        Assert.Equal(2, stored!.Version);
        Assert.Equal(["From the other process"], stored.State.Active(SectionKind.Learned).Select(i => i.Text));
    }

    public void Dispose() => _dir.Dispose();
}
