using KnowledgeOs.Rendering;
using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Programs;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Import;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Application;

/// <summary>
/// The two times of every event (docs/TIME.md): <c>--as-of</c> is what had happened by then, as known now;
/// <c>--recorded-as-of</c> is what the system had recorded by then. One suite, run on each store.
/// </summary>
public abstract class TwoTimesContract(ITestStores stores) : StoreContract(stores)
{
    private static readonly DateTimeOffset Today = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset EndOf2025 = AsOf.ParseTime("2025-12-31", "test");

    private static TaskReport LateReport(DateTimeOffset completedAt) => ReportParser.Parse($$"""
        { "taskId": "LATE-1", "title": "Late retrospective", "completedAt": "{{completedAt:yyyy-MM-ddTHH:mm:ssZ}}", "outcome": "success",
          "participants": [ { "expert": "igor", "newKnowledge": ["Write the runbook before the rollout"] } ] }
        """, "late.json");

    [SkippableFact]
    public async Task Igor_imported_today_had_his_dated_items_as_of_2025_12_31_though_nothing_was_recorded_by_then()
    {
        Skip.If(Repo.Fixtures is null, "../shared/fixtures is absent: this test needs the real ATRA documents.");
        var time = new FakeTimeProvider(Today);
        await using var store = await CreateStoreAsync(time);
        var import = await new ImportService(store, time).ImportAsync("atra", [.. ImportFiles.Knowledge(), .. ImportFiles.Programs()]);
        Assert.All(import.Files, f => Assert.True(f.Ok, $"{f.Path}: {f.Error}"));
        var service = new KnowledgeService(store, time);
        var now = (await service.GetAsync("atra", "igor", null, default)).State;

        var happened = (await service.GetAsync("atra", "igor", AsOf.Valid(EndOf2025), default)).State;
        // Every item of Igor's document is dated in December 2025 (the document's creation, or a practice's found date).
        Assert.NotEmpty(now.Items);
        Assert.Equal(now.Items.Keys, happened.Items.Keys);
        Assert.All(happened.Items.Values, i => Assert.True(i.FirstAt <= EndOf2025, $"{i.Id} first at {i.FirstAt}"));
        Assert.NotNull(happened.ImportedProgram);

        var recorded = await Assert.ThrowsAsync<NotFoundException>(() => service.GetAsync("atra", "igor", AsOf.Recorded(EndOf2025), default));
        Assert.Contains("as recorded by 2025-12-31 23:59:59Z", recorded.Message, StringComparison.Ordinal);

        // Between the document's date and a practice's found date: the practice is not there yet, the rest is.
        var practices = now.Items.Values.Where(i => i.Section == SectionKind.BestPractice && i.FirstAt > now.CreatedAt).ToList();
        Assert.NotEmpty(practices);
        var between = (await service.GetAsync("atra", "igor", AsOf.Valid(practices.Min(p => p.FirstAt).AddSeconds(-1)), default)).State;
        Assert.All(practices, p => Assert.DoesNotContain(p.Id, between.Items.Keys));
        Assert.NotEmpty(between.Items);

        // The whole team: 22 experts had happened by the end of 2025, none was recorded.
        Assert.Equal(22, (await service.ListAsync("atra", AsOf.Valid(EndOf2025), default)).Count);
        Assert.Empty(await service.ListAsync("atra", AsOf.Recorded(EndOf2025), default));
        var reports = new LearningReports(service, ProgramCatalog.Builtin, time);
        var ranking = await reports.RankingAsync("atra", AsOf.Valid(EndOf2025), default);
        Assert.Equal(22, ranking.Rows.Count);
        Assert.Empty((await reports.RankingAsync("atra", AsOf.Recorded(EndOf2025), default)).Rows);
    }

    [SkippableFact]
    public async Task An_item_recorded_today_without_a_date_of_its_own_is_absent_as_of_yesterday_on_both_axes()
    {
        var time = new FakeTimeProvider(Today.AddDays(-10));
        await using var store = await CreateStoreAsync(time);
        var service = new KnowledgeService(store, time);
        await service.OnboardAsync("t", new OnboardExpert("igor", "Игорь", "Backend Developer"), "manual:test", default);
        time.SetUtcNow(Today);
        await service.AddAsync("t", "igor", new AddKnowledge(SectionKind.Learned, "Partial indexes keep hot rows small"), "manual:test", default);
        var yesterday = Today.AddDays(-1);

        foreach (var past in new[] { AsOf.Valid(yesterday), AsOf.Recorded(yesterday) })
        {
            var state = (await service.GetAsync("t", "igor", past, default)).State;
            Assert.Empty(state.Items);
            Assert.Equal("igor", state.Slug);
        }
        foreach (var present in new[] { AsOf.Valid(Today), AsOf.Recorded(Today) })
            Assert.Single((await service.GetAsync("t", "igor", present, default)).State.Items);
    }

    [SkippableFact]
    public async Task A_report_completed_two_weeks_ago_and_learned_today_happened_then_and_is_in_todays_digest()
    {
        var time = new FakeTimeProvider(Today.AddDays(-30));
        await using var store = await CreateStoreAsync(time);
        var service = new KnowledgeService(store, time);
        await service.OnboardAsync("t", new OnboardExpert("igor", "Игорь", "Backend Developer"), "manual:test", default);
        time.SetUtcNow(Today);
        var completedAt = Today.AddDays(-14);
        await service.LearnAsync("t", LateReport(completedAt), false, default);

        var tenDaysAgo = Today.AddDays(-10);
        var happened = (await service.GetAsync("t", "igor", AsOf.Valid(tenDaysAgo), default)).State;
        Assert.Equal("LATE-1", Assert.Single(happened.Tasks).TaskId);
        Assert.Contains(happened.Items.Values, i => i.Text == "Write the runbook before the rollout");
        var recorded = (await service.GetAsync("t", "igor", AsOf.Recorded(tenDaysAgo), default)).State;
        Assert.Empty(recorded.Tasks);
        Assert.Empty(recorded.Items);

        var reports = new LearningReports(service, ProgramCatalog.Builtin, time);
        var today = (await reports.DigestAsync("t", Today.AddDays(-1), Today, default)).ToMarkdown(RenderLanguage.En);
        Assert.Contains("- task: Late retrospective — success", today, StringComparison.Ordinal);
        Assert.Contains("Write the runbook before the rollout", today, StringComparison.Ordinal);
        // The window it happened in had already been written when it was learned: that digest does not change.
        var then = (await reports.DigestAsync("t", completedAt.AddDays(-1), completedAt.AddHours(1), default)).ToMarkdown(RenderLanguage.En);
        Assert.DoesNotContain("Late retrospective", then, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_confirmation_dated_before_its_item_is_left_out_as_of_a_time_between_them_and_the_fold_is_deterministic()
    {
        var time = new FakeTimeProvider(Today.AddDays(-30));
        await using var store = await CreateStoreAsync(time);
        var service = new KnowledgeService(store, time);
        await service.OnboardAsync("t", new OnboardExpert("igor", "Игорь", "Backend Developer"), "manual:test", default);
        time.SetUtcNow(Today.AddDays(-5));
        await service.AddAsync("t", "igor", new AddKnowledge(SectionKind.Learned, "Write the runbook before the rollout"), "manual:test", default);
        time.SetUtcNow(Today);
        // A report that happened before the item was recorded by hand confirms it.
        await service.LearnAsync("t", LateReport(Today.AddDays(-14)), false, default);

        var asOf = AsOf.Valid(Today.AddDays(-10));
        var first = await service.GetAsync("t", "igor", asOf, default);
        // The task had happened; the item was recorded (by hand) only later, so its earlier confirmation has nothing to confirm yet.
        Assert.Equal("LATE-1", Assert.Single(first.State.Tasks).TaskId);
        Assert.Empty(first.State.Items);
        Assert.Single((await service.GetAsync("t", "igor", AsOf.Valid(Today), default)).State.Items);
        var again = await service.GetAsync("t", "igor", asOf, default);
        Assert.Equal(first.Version, again.Version);
        Assert.Equal(first.State.Items.Keys, again.State.Items.Keys);
        Assert.Equal(first.State.Tasks.Select(t => (t.TaskId, t.At)), again.State.Tasks.Select(t => (t.TaskId, t.At)));
    }
}

/// <summary>The two times on SQLite.</summary>
public sealed class SqliteTwoTimesTests() : TwoTimesContract(new SqliteTestStores());

/// <summary>The two times on PostgreSQL.</summary>
public sealed class PostgresTwoTimesTests() : TwoTimesContract(new PostgresTestStores());
