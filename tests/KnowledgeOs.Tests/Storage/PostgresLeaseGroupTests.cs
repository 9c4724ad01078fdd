using System.Diagnostics;
using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Postgres;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Storage;

/// <summary>
/// Write affinity per expert group, not per team: two servers writing different experts of one team (routed by expert)
/// hold their leases at the same time instead of taking turns on one lock.
/// </summary>
public sealed class PostgresLeaseGroupTests : PostgresStoresTest
{
    [Fact]
    public void An_experts_lock_group_is_fixed_across_processes_and_spreads_the_experts()
    {
        // FNV-1a of the slug's UTF-8 bytes, not string.GetHashCode (randomized per process): every server agrees.
        Assert.Equal(0, PgGroupLeases.GroupOf("e0", 16));
        Assert.Equal(3, PgGroupLeases.GroupOf("e1", 16));
        Assert.Equal(0, PgGroupLeases.GroupOf("anything", 1));
        var spread = Enumerable.Range(0, 22).Select(i => PgGroupLeases.GroupOf($"expert-{i}", 16)).Distinct().Count();
        Assert.True(spread >= 10, $"22 experts fell in {spread} groups of 16");
    }

    [SkippableFact]
    public async Task Two_stores_writing_disjoint_experts_of_one_team_both_hold_their_leases_at_once()
    {
        TestPostgres.Require();
        var schema = Postgres.NewSchema();
        var stores = new[] { await OpenAsync(schema), await OpenAsync(schema) };
        var services = stores.Select(s => new KnowledgeService(s, Clock)).ToArray();
        // e0 and e1 fall in different lock groups of the team (of 16).
        string[] experts = ["e0", "e1"];
        Assert.NotEqual(PgGroupLeases.GroupOf("e0", 16), PgGroupLeases.GroupOf("e1", 16));
        foreach (var slug in experts) await services[0].OnboardAsync("t", new OnboardExpert(slug, slug, "Backend Developer"), "manual:test", Ct);
        // The onboarding store's leases go idle and are released (after LeaseIdle, 1 s; waited for, not slept: a loaded
        // machine checks later, and a store still holding its expert's lease would count no grant of its own).
        var idle = Stopwatch.StartNew();
        while (await PostgresWriteAffinityTests.HeldLocksAsync(schema) > 0 && idle.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50);
        Assert.Equal(0L, await PostgresWriteAffinityTests.HeldLocksAsync(schema));

        // Each store writes its own expert, four writers each, for 1.5 s.
        var grantsBefore = stores.Select(s => s.LeaseGrants).ToArray();
        var until = Stopwatch.GetTimestamp() + (long)(1.5 * Stopwatch.Frequency);
        var done = new int[2];
        var heldTogether = 0L;
        var writers = Enumerable.Range(0, 2).SelectMany(s => Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var n = 0; Stopwatch.GetTimestamp() < until; n++)
            {
                await services[s].AddAsync("t", experts[s], new AddKnowledge(SectionKind.Learned, $"Урок {s}-{w}-{n}"), "manual:test", Ct);
                Interlocked.Increment(ref done[s]);
            }
        }))).ToList();
        while (writers.Any(w => !w.IsCompleted))
        {
            heldTogether = Math.Max(heldTogether, await PostgresWriteAffinityTests.HeldLocksAsync(schema));
            await Task.Delay(50);
        }
        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(30));

        // Neither store ever had to give its lease to the other: one grant each for the whole run, both held at once.
        Assert.Equal([1L, 1L], stores.Select((s, i) => s.LeaseGrants - grantsBefore[i]));
        Assert.Equal(2L, heldTogether);
        Assert.True(done.Min() > 0, $"writes per store: {done[0]} and {done[1]}");
    }

    private Task<PostgresEventStore> OpenAsync(string schema) => OpenAsync(schema, PostgresStoreOptions.Default with { LeaseGroups = 16 });
}
