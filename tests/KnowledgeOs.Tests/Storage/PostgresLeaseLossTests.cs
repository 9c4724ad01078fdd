using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Postgres;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Storage;

/// <summary>
/// A server whose lease connection is killed has lost the lock with it: another server may take the lock and write the
/// group at once. Until the holder finds out, its writes decide on the states it cached under a lease it no longer has,
/// and both servers write one expert at the same time (refused by the version check, retried, and with a busy expert
/// given up: "Gave up after 6 retries", <c>PostgresWriteAffinityTests.Killing_the_lease_connections_again…</c>).
/// </summary>
public sealed class PostgresLeaseLossTests : PostgresStoresTest
{
    [SkippableFact]
    public async Task A_holder_asked_for_its_lease_still_finds_out_that_its_connection_was_killed_and_decides_on_what_the_other_wrote()
    {
        TestPostgres.Require();
        var schema = Postgres.NewSchema();
        // Turns and idle time far beyond the test: A's grant cannot end on its own, only by finding its connection gone.
        var longTurns = PostgresStoreOptions.Default with
        {
            LeaseSlice = TimeSpan.FromMinutes(10), LeaseSliceMax = TimeSpan.FromMinutes(10), LeaseIdle = TimeSpan.FromMinutes(10),
        };
        var a = await OpenAsync(schema, longTurns);
        var b = await OpenAsync(schema, longTurns);
        // No retry for A: a write decided on a state B has moved on from fails instead of being retried.
        var serviceA = new KnowledgeService(a, Clock, maxConflictRetries: 0);
        var serviceB = new KnowledgeService(b, Clock);
        await serviceA.OnboardAsync("t", new OnboardExpert("e0", "e0", "Backend Developer"), "manual:test", Ct);

        // A's grant is in use (a write's turn held open), so it cannot go for being unused; B asks A for it and waits.
        var turn = await a.LeaseAsync([new StreamId("t", "e0")], Ct);
        var writeB = serviceB.AddAsync("t", "e0", new AddKnowledge(SectionKind.Learned, "Урок B"), "manual:test", Ct);
        await WaitUntilAsync(() => a.LeaseAsks >= 1, "A never heard B ask for the lease");

        // A's lease connection is killed, the lock with it: B gets the lock and writes.
        var killed = await TestPostgres.ScalarAsync(
            $"SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = hashtext('{schema}')::oid");
        Assert.Equal(1L, Convert.ToInt64(killed));
        await writeB.WaitAsync(TimeSpan.FromSeconds(30));

        // A finds out at its next check that the lease is gone, asked for or not.
        await WaitUntilAsync(() => a.LeasesHeld == 0, "A still holds the lease 10 s after its connection was killed and B wrote under the lock");
        await turn.DisposeAsync();

        // A's next write takes the lease again and decides on B's lesson: not refused (it has no retry).
        await serviceA.AddAsync("t", "e0", new AddKnowledge(SectionKind.Learned, "Урок A"), "manual:test", Ct).WaitAsync(TimeSpan.FromSeconds(30));
        var texts = (await serviceB.GetAsync("t", "e0", null, Ct)).State.Active(SectionKind.Learned).Select(i => i.Text);
        Assert.Equal(["Урок B", "Урок A"], texts);
    }

    /// <summary>Waits up to 10 s for <paramref name="condition"/>; fails with <paramref name="otherwise"/> when it never holds.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, string otherwise)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, otherwise);
            await Task.Delay(10);
        }
    }
}
