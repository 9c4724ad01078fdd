using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Application;

/// <summary>What a lease's grant brought is folded onto the other cached experts beside the first write, not before it.</summary>
public sealed class GrantCatchUpTests : IDisposable
{
    private readonly TempFolder _dir = new();

    [Fact]
    public async Task The_first_write_under_a_grant_decides_while_the_other_cached_experts_are_still_being_caught_up()
    {
        await using var store = await SqliteEventStore.OpenAsync(_dir.File("kos.db"), TimeProvider.System, CancellationToken.None);
        var other = new KnowledgeService(store, TimeProvider.System);
        StreamId igor = new("t", "igor"), anna = new("t", "anna");
        await other.OnboardAsync("t", new OnboardExpert("igor", "Игорь", "Backend Developer"), "manual:b", CancellationToken.None);
        await other.OnboardAsync("t", new OnboardExpert("anna", "Анна", "QA Engineer"), "manual:b", CancellationToken.None);
        // This process cached both experts, then "another server" wrote both while this one did not hold their lease.
        var cache = new StateCache();
        var igorBefore = (await store.LoadAsync(igor, CancellationToken.None))!;
        var annaBefore = (await store.LoadAsync(anna, CancellationToken.None))!;
        cache.Remember(igor, igorBefore);
        cache.Remember(anna, annaBefore);
        for (var i = 0; i < 3; i++)
        {
            await other.AddAsync("t", "igor", new AddKnowledge(SectionKind.Learned, $"igor {i}"), $"manual:i{i}", CancellationToken.None);
            await other.AddAsync("t", "anna", new AddKnowledge(SectionKind.Learned, $"anna {i}"), $"manual:a{i}", CancellationToken.None);
        }
        var missed = new Dictionary<StreamId, IReadOnlyList<StoredEvent>>
        {
            [igor] = await store.ReadStreamAfterAsync(igor, igorBefore.Version, CancellationToken.None).ToListAsync(),
            [anna] = await store.ReadStreamAfterAsync(anna, annaBefore.Version, CancellationToken.None).ToListAsync(),
        };
        // The fold of the grant's events onto anna (not written now) is held at a gate until igor's write has its state.
        using var gate = new ManualResetEventSlim();
        var lease = new GrantLease(missed, igor, (await store.LoadAsync(igor, CancellationToken.None))!.Version, gate);
        var turn = new StreamLocks.Turn([], lease);

        var load = Task.Run(() => cache.LoadForWriteAsync(store, igor, turn, CancellationToken.None));
        var finished = await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(30)));
        gate.Set();

        Assert.True(finished == load, "igor's write waited for anna's catch-up (the fold of every cached expert) before it got its state");
        var igorNow = await load;
        Assert.Equal(igorBefore.Version + 3, igorNow!.Version);
        Assert.Equal(["igor 0", "igor 1", "igor 2"], igorNow.State.Active(SectionKind.Learned).Select(i => i.Text));
        // anna is caught up from the grant's events, without a read of her stream, once the fold went through.
        await cache.CaughtUpAsync();
        var annaNow = cache.Get(anna)!;
        Assert.Null(annaNow.MovedTo);
        Assert.Equal(annaBefore.Version + 3, annaNow.Snapshot.Version);
        Assert.Equal(["anna 0", "anna 1", "anna 2"], annaNow.Snapshot.State.Active(SectionKind.Learned).Select(i => i.Text));
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>A grant as the PostgreSQL lease gives it, its events for every stream handed out once, anna's behind a gate.</summary>
    private sealed class GrantLease(Dictionary<StreamId, IReadOnlyList<StoredEvent>> missed, StreamId written, long version, ManualResetEventSlim gate) : IStreamLease
    {
        private int _taken;

        public long? VersionAt(StreamId stream) => stream == written ? version : null;

        public IReadOnlyList<StoredEvent>? Missed(StreamId stream) => missed.TryGetValue(stream, out var events) ? events : [];

        public IEnumerable<IReadOnlyList<StoredEvent>>? TakeGrantMissed() => Interlocked.Exchange(ref _taken, 1) == 0 ? Gated() : null;

        private IEnumerable<IReadOnlyList<StoredEvent>> Gated()
        {
            foreach (var events in missed.Values)
            {
                if (events[0].Stream != written) gate.Wait();
                yield return events;
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
