using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Sections;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Application;

/// <summary>
/// Writers of the same expert on SQLite: the stream's turn passes on once a commit is queued in order in the single
/// writer, so they share its transactions; correctness still rests on the store's checks (versions, and the commits a
/// commit was decided on top of).
/// </summary>
public sealed class EarlyLockReleaseTests : IDisposable
{
    private const string Team = "t";
    private readonly TempFolder _dir = new();

    private static TaskReport Report(string id, string expert, string knowledge) => ReportParser.Parse($$"""
        { "taskId": "{{id}}", "title": "Task {{id}}", "completedAt": "2026-01-05T10:00:00Z", "outcome": "success",
          "participants": [ { "expert": "{{expert}}", "newKnowledge": ["{{knowledge}}"] } ] }
        """, id);

    private static async Task OnboardAsync(KnowledgeService service, params string[] slugs)
    {
        foreach (var slug in slugs)
            await service.OnboardAsync(Team, new OnboardExpert(slug, slug, "Backend Developer"), "manual:test", CancellationToken.None);
    }

    private static async Task<List<long>> VersionsAsync(IEventStore store, string slug)
    {
        var versions = new List<long>();
        await foreach (var e in store.ReadStreamAsync(new StreamId(Team, slug), null, CancellationToken.None)) versions.Add(e.Version);
        return versions;
    }

    [Fact]
    public async Task Sixteen_writers_of_one_expert_share_transactions_and_every_report_lands_in_order()
    {
        await using var store = await SqliteEventStore.OpenAsync(_dir.File("one-expert.db"), TimeProvider.System, CancellationToken.None);
        var service = new KnowledgeService(store, TimeProvider.System);
        await OnboardAsync(service, "igor");
        var before = store.WriterCounts;

        var reports = Enumerable.Range(0, 96).Select(i => Report($"T-{i:D3}", "igor", $"Fact number {i}")).ToList();
        var results = new WriteResult[reports.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, reports.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, ct) => results[i] = await service.LearnAsync(Team, reports[i], false, ct));

        Assert.All(results, r => Assert.False(r.Duplicate));
        var versions = await VersionsAsync(store, "igor");
        Assert.Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), versions);
        var stored = await service.GetAsync(Team, "igor", null, CancellationToken.None);
        Assert.Equal(versions.Count, stored.Version);
        Assert.Equal(reports.Count, Enumerable.Range(0, reports.Count).Count(i => stored.State.Task($"T-{i:D3}") is not null));
        // Queued behind one another, not racing: no lost race to retry.
        Assert.Equal(0, service.ConflictRetries);
        // The turn passes on once a commit is queued, so the commits of one expert share transactions (one fsync).
        var counts = store.WriterCounts;
        var perTransaction = (double)(counts.Commits - before.Commits) / (counts.Transactions - before.Transactions);
        Assert.True(perTransaction > 1.5, $"{perTransaction:F2} commits per transaction ({counts.Commits - before.Commits} commits)");
        Assert.Empty((await ProjectionRebuilder.RebuildAsync(store, write: false, null, CancellationToken.None)).Mismatches);
    }

    [Fact]
    public async Task Commits_decided_on_a_refused_one_retry_and_land_and_nothing_refused_is_ever_read()
    {
        await using var store = await SqliteEventStore.OpenAsync(_dir.File("refused.db"), TimeProvider.System, CancellationToken.None);
        var service = new KnowledgeService(store, TimeProvider.System);
        await OnboardAsync(service, "anna", "igor");
        // K-0 is learned by anna; the same task id with other content for igor decides events for igor (his state does not
        // know the task) which the store refuses by the task's key: every write queued behind such a commit was decided on
        // a state that never lands.
        await service.LearnAsync(Team, Report("K-0", "anna", "The original content"), false, CancellationToken.None);

        using var stop = new CancellationTokenSource();
        var seenRefused = 0;
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var read = await store.LoadAsync(new StreamId(Team, "igor"), CancellationToken.None);
                if (read!.State.Items.Values.Any(i => i.Text.StartsWith("Refused", StringComparison.Ordinal))) Interlocked.Increment(ref seenRefused);
                await Task.Yield();
            }
        });
        var refused = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 90), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            if (i % 3 != 0)
            {
                await service.LearnAsync(Team, Report($"G-{i:D3}", "igor", $"Good fact {i}"), false, ct);
                return;
            }
            await Assert.ThrowsAsync<ConflictException>(() => service.LearnAsync(Team, Report("K-0", "igor", $"Refused fact {i}"), false, ct));
            Interlocked.Increment(ref refused);
        });
        await stop.CancelAsync();
        await reader;

        Assert.Equal(30, refused);
        Assert.Equal(0, seenRefused);
        var stored = await service.GetAsync(Team, "igor", null, CancellationToken.None);
        Assert.Equal(60, Enumerable.Range(0, 90).Count(i => stored.State.Task($"G-{i:D3}") is not null));
        Assert.Null(stored.State.Task("K-0"));
        Assert.DoesNotContain(stored.State.Items.Values, i => i.Text.StartsWith("Refused", StringComparison.Ordinal));
        var versions = await VersionsAsync(store, "igor");
        Assert.Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), versions);
        // The writes queued behind a refused commit were refused too and retried on the stored state.
        Assert.True(service.ConflictRetries > 0, "no write was decided on a refused commit's state");
        Assert.Empty((await ProjectionRebuilder.RebuildAsync(store, write: false, null, CancellationToken.None)).Mismatches);
    }

    [Fact]
    public async Task Refusals_of_commits_queued_ahead_do_not_spend_the_race_budget_of_the_writers_behind_them()
    {
        // One retry for a lost race, and nobody races (one process, writers queued per expert): every valid report must land
        // however many commits ahead of it were refused by their reused key.
        await using var store = await SqliteEventStore.OpenAsync(_dir.File("budget.db"), TimeProvider.System, CancellationToken.None);
        var service = new KnowledgeService(store, TimeProvider.System, maxConflictRetries: 1);
        await OnboardAsync(service, "anna", "igor");
        await service.LearnAsync(Team, Report("K-0", "anna", "The original content"), false, CancellationToken.None);

        var codes = new System.Collections.Concurrent.ConcurrentBag<string>();
        var failedGood = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 160), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            if (i % 4 != 0)
            {
                try { await service.LearnAsync(Team, Report("K-0", "igor", $"Refused fact {i}"), false, ct); }
                catch (ConflictException refused) { codes.Add(refused.Code); }
                return;
            }
            try { await service.LearnAsync(Team, Report($"G-{i:D3}", "igor", $"Good fact {i}"), false, ct); }
            catch (ConflictException lost) { failedGood.Add(lost.Message); }
        });

        Assert.Empty(failedGood);
        Assert.Equal(120, codes.Count);
        Assert.All(codes, c => Assert.Equal(ErrorCodes.TaskLearnedWithOtherContent, c)); // their own refusal, not retries-exhausted
        var stored = await service.GetAsync(Team, "igor", null, CancellationToken.None);
        Assert.Equal(40, Enumerable.Range(0, 160).Count(i => stored.State.Task($"G-{i:D3}") is not null));
        var versions = await VersionsAsync(store, "igor");
        Assert.Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), versions);
    }

    [Fact]
    public async Task Writers_who_give_up_while_queued_leave_no_pending_state_behind()
    {
        await using var store = await SqliteEventStore.OpenAsync(_dir.File("cancelled.db"), TimeProvider.System, CancellationToken.None);
        var service = new KnowledgeService(store, TimeProvider.System);
        await OnboardAsync(service, "igor");
        var cancelled = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 96), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            // Every other writer gives up within a few milliseconds: while waiting for its turn, or queued in the writer.
            using var giveUp = new CancellationTokenSource();
            if (i % 2 == 1) giveUp.CancelAfter(TimeSpan.FromMilliseconds(i % 7));
            try
            {
                await service.LearnAsync(Team, Report($"C-{i:D3}", "igor", $"Fact {i}"), false, giveUp.Token);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref cancelled);
            }
        });
        var stored = await service.GetAsync(Team, "igor", null, CancellationToken.None);
        var landed = Enumerable.Range(0, 96).Count(i => stored.State.Task($"C-{i:D3}") is not null);
        Assert.True(cancelled > 0, "no writer gave up");
        Assert.True(landed >= 96 - cancelled, $"{landed} landed, {cancelled} gave up");
        Assert.All(Enumerable.Range(0, 96).Where(i => i % 2 == 0), i => Assert.NotNull(stored.State.Task($"C-{i:D3}")));

        // The next write decides on what is stored, not on a state whose commit was dropped: no lost race to retry.
        var retries = service.ConflictRetries;
        var next = await service.LearnAsync(Team, Report("C-next", "igor", "After the cancellations"), false, CancellationToken.None);
        Assert.Equal(retries, service.ConflictRetries);
        Assert.Equal((await store.LoadAsync(new StreamId(Team, "igor"), CancellationToken.None))!.Version, next.Changes[0].Version);
        var versions = await VersionsAsync(store, "igor");
        Assert.Equal(Enumerable.Range(1, versions.Count).Select(v => (long)v), versions);
        Assert.Empty((await ProjectionRebuilder.RebuildAsync(store, write: false, null, CancellationToken.None)).Mismatches);
    }

    public void Dispose() => _dir.Dispose();
}
