using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Application;

/// <summary>
/// Open tasks (issue 12, ATRA's workload signal): a task is open for an expert from its start — <c>kos task start</c> or a
/// report whose outcome is <c>in_progress</c> — until a report of it is learned for them; starting again writes nothing;
/// the final report of a started task is learned as usual; routing ranks a busy expert below an idle equal and says why.
/// Through the service on a real store, the same on both stores.
/// </summary>
public abstract class OpenTasksContract(ITestStores stores) : StoreContract(stores)
{
    private const string Team = "t";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private IEventStore? _store;
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        await base.DisposeAsync();
    }

    // Two backend developers who know the same thing: only their workload can tell them apart.
    private async Task<KnowledgeService> TeamAsync()
    {
        _store = await CreateStoreAsync(_clock);
        var service = new KnowledgeService(_store, _clock);
        foreach (var (slug, name) in new[] { ("anna", "Анна"), ("boris", "Борис") })
        {
            await service.OnboardAsync(Team, new OnboardExpert(slug, name, "Backend Developer", "Orbit"), "manual:test", Ct);
            await service.AddAsync(Team, slug, new AddKnowledge(SectionKind.Known, "Retry webhooks with exponential backoff"), "manual:test", Ct);
        }
        return service;
    }

    private async Task<ExpertState> StateAsync(KnowledgeService service, string slug) => (await service.GetAsync(Team, slug, null, Ct)).State;

    private static string Retro(string outcome) => $$"""
        { "task_id": "ORB-12", "task_name": "Webhook retries", "completed_at": "2026-03-05T10:00:00Z",
          "experts": [ { "name": "Анна", "role": "Backend Developer", "slug": "anna", "new_knowledge": ["Jitter spreads retries"] } ],
          "overall_status": "{{outcome}}" }
        """;

    [SkippableFact]
    public async Task Starting_a_task_opens_it_for_each_expert_and_starting_again_writes_nothing()
    {
        var service = await TeamAsync();

        var started = await service.StartTaskAsync(Team, "ORB-1", ["anna", "boris"], "Webhook retries", Ct);
        var again = await service.StartTaskAsync(Team, "ORB-1", ["anna", "boris"], "Webhook retries", Ct);

        Assert.False(started.Duplicate);
        Assert.Equal([1, 1], started.Changes.Select(c => c.Events));
        var open = Assert.Single((await StateAsync(service, "anna")).OpenTasks);
        Assert.Equal(("ORB-1", "Webhook retries", Start), (open.TaskId, open.Title, open.At));
        Assert.True(again.Duplicate);
        Assert.Empty(again.Changes);
        var history = await service.HistoryAsync(Team, "boris", Ct);
        Assert.Single(history, e => e.Event is TaskStarted);
    }

    [SkippableFact]
    public async Task Cancelling_a_started_task_closes_it_for_the_experts_named_and_cancelling_again_writes_nothing()
    {
        var service = await TeamAsync();
        await service.StartTaskAsync(Team, "ORB-3", ["anna", "boris"], "Wrong expert", Ct);
        _clock.Advance(TimeSpan.FromHours(2));

        var cancelled = await service.CancelTaskAsync(Team, "ORB-3", ["anna"], " started for the wrong expert ", Ct);
        var again = await service.CancelTaskAsync(Team, "ORB-3", ["anna"], null, Ct);
        var never = await service.CancelTaskAsync(Team, "ORB-9", ["anna", "boris"], null, Ct);
        var unknown = await Assert.ThrowsAsync<NotFoundException>(() => service.CancelTaskAsync(Team, "ORB-3", ["boris", "nobody"], null, Ct));

        Assert.Equal([("anna", 1)], cancelled.Changes.Select(c => (c.Expert, c.Events)));
        Assert.Empty((await StateAsync(service, "anna")).OpenTasks);
        var open = Assert.Single((await StateAsync(service, "boris")).OpenTasks);
        Assert.Equal(("ORB-3", Start), (open.TaskId, open.At));
        Assert.Equal(0, again.EventCount);
        Assert.Equal(0, never.EventCount);
        Assert.Contains("nobody", unknown.Message, StringComparison.Ordinal);
        var stored = Assert.Single(await service.HistoryAsync(Team, "anna", Ct), e => e.Event is TaskCancelled).Event as TaskCancelled;
        Assert.Equal(("ORB-3", "started for the wrong expert", Start.AddHours(2)), (stored!.TaskId, stored.Reason, stored.At));
        // Read back from the store, not from the writer's cache: a new service over the same store sees the same.
        var fresh = new KnowledgeService(_store!, _clock);
        Assert.Empty((await fresh.GetAsync(Team, "anna", null, Ct)).State.OpenTasks);
    }

    [SkippableFact]
    public async Task Learning_the_tasks_report_closes_it()
    {
        var service = await TeamAsync();
        await service.StartTaskAsync(Team, "ORB-2", ["anna"], null, Ct);

        await service.LearnAsync(Team, ReportParser.Parse("""
            {"taskId":"ORB-2","title":"Retries","completedAt":"2026-03-05T10:00:00Z","outcome":"success","participants":["anna"]}
            """, "report.json"), onboardUnknown: false, Ct);
        var startedLate = await service.StartTaskAsync(Team, "ORB-2", ["anna"], null, Ct);

        var anna = await StateAsync(service, "anna");
        Assert.Empty(anna.OpenTasks);
        Assert.Equal(Outcome.Success, anna.Task("ORB-2")!.Outcome);
        Assert.True(startedLate.Duplicate);
    }

    [SkippableFact]
    public async Task An_in_progress_retrospective_starts_the_task_and_its_final_version_is_learned()
    {
        var service = await TeamAsync();

        var first = await service.LearnAsync(Team, ReportParser.Parse(Retro("in_progress"), "task_ORB-12_a.json"), onboardUnknown: false, Ct);
        var replay = await service.LearnAsync(Team, ReportParser.Parse(Retro("in-progress"), "task_ORB-12_a.json"), onboardUnknown: false, Ct);
        var during = await StateAsync(service, "anna");
        var final = await service.LearnAsync(Team, ReportParser.Parse(Retro("success"), "task_ORB-12_b.json"), onboardUnknown: false, Ct);
        var finalAgain = await service.LearnAsync(Team, ReportParser.Parse(Retro("success"), "task_ORB-12_b.json"), onboardUnknown: false, Ct);

        // The start teaches nothing: no task record, no item from its new_knowledge.
        Assert.Equal(["ORB-12"], during.OpenTasks.Select(o => o.TaskId));
        Assert.Empty(during.Tasks);
        Assert.DoesNotContain(during.Items.Values, i => i.Text.Contains("Jitter", StringComparison.Ordinal));
        Assert.Equal(1, Assert.Single(first.Changes).Events);
        Assert.True(replay.Duplicate);
        Assert.False(final.Duplicate);
        var after = await StateAsync(service, "anna");
        Assert.Empty(after.OpenTasks);
        Assert.Equal(Outcome.Success, Assert.Single(after.Tasks).Outcome);
        Assert.Contains(after.Items.Values, i => i.Text == "Jitter spreads retries");
        Assert.True(finalAgain.Duplicate);
    }

    [SkippableFact]
    public async Task An_expert_with_three_open_tasks_ranks_below_an_idle_equal_and_the_reason_says_so()
    {
        var service = await TeamAsync();
        foreach (var id in new[] { "ORB-3", "ORB-4", "ORB-5" }) await service.StartTaskAsync(Team, id, ["anna"], null, Ct);

        var routed = await new RetrievalService(service).RouteAsync(Team, "retry webhooks", null, 10, Ct);

        Assert.Equal(["boris", "anna"], routed.Select(r => r.Expert));
        var anna = routed[1];
        Assert.Equal(3, anna.OpenTasks);
        Assert.Equal(1 / (1 + 0.15 * 3), anna.WorkloadFactor, 3);
        Assert.Contains("3 open tasks", anna.Why, StringComparison.Ordinal);
        Assert.Contains("открытых задач: 3", KnowledgeOs.Rendering.CliLabels.For(KnowledgeOs.Rendering.RenderLanguage.Ru).RouteWhy(anna), StringComparison.Ordinal);
        Assert.Equal(0, routed[0].OpenTasks);
        Assert.Equal(1, routed[0].WorkloadFactor);
    }

    [SkippableFact]
    public async Task A_start_naming_an_unknown_expert_or_no_task_is_refused_naming_the_field_and_writes_nothing()
    {
        var service = await TeamAsync();

        var unknown = await Assert.ThrowsAnyAsync<InputException>(() => service.StartTaskAsync(Team, "ORB-6", ["anna", "nobody"], null, Ct));
        var noId = await Assert.ThrowsAnyAsync<InputException>(() => service.StartTaskAsync(Team, " ", ["anna"], null, Ct));
        var noExperts = await Assert.ThrowsAnyAsync<InputException>(() => service.StartTaskAsync(Team, "ORB-6", [], null, Ct));

        Assert.Equal(ErrorCodes.ParticipantUnknown, unknown.Code);
        Assert.Equal(("taskId", ErrorCodes.FieldRequired), (noId.Field, noId.Code));
        Assert.Equal(("experts", ErrorCodes.ListEmpty), (noExperts.Field, noExperts.Code));
        Assert.Empty((await StateAsync(service, "anna")).OpenTasks);
    }
}

/// <summary>The open-tasks contract on SQLite.</summary>
public sealed class SqliteOpenTasksTests() : OpenTasksContract(new SqliteTestStores());

/// <summary>The open-tasks contract on PostgreSQL (skipped without <c>KOS_TEST_POSTGRES</c>).</summary>
public sealed class PostgresOpenTasksTests() : OpenTasksContract(new PostgresTestStores());
