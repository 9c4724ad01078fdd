using System.Text.Json;
using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Metrics;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Learning;

/// <summary>
/// A whole ATRA retrospective learned, then a revision of it applied with amend (issue 11): every field kept, what the
/// revision removed retracted, the outcome it changed reflected in the metrics, and the same revision again a no-op.
/// Run on each store.
/// </summary>
public abstract class AmendedRetrospectiveContract(ITestStores stores) : StoreContract(stores)
{
    private const string Team = "atra";

    /// <summary>The retrospective as ATRA's tools write it; the revision changes the outcome, one expert's knowledge and the metrics.</summary>
    public static string Retrospective(bool revised) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["task_id"] = "ATRA-42",
        ["task_name"] = "Drawdown guard for the grid strategy",
        ["task_description"] = revised ? "Stop the grid when the drawdown crosses the kiwifruit threshold" : "Stop the grid on a large drawdown",
        ["completed_at"] = "2026-11-20T10:00:00Z",
        ["duration_minutes"] = 90,
        ["is_case"] = true,
        ["experts"] = new[]
        {
            new Dictionary<string, object>
            {
                ["name"] = "Павел", ["role"] = "Trading Strategy Developer",
                ["what_worked"] = new[] { "Backtest before the live switch" },
                ["what_to_improve"] = new[] { "Alert on drawdown earlier" },
                ["new_knowledge"] = revised
                    ? new[] { "Drawdown is measured from the equity peak", "A guard needs a cooldown before restart" }
                    : new[] { "Drawdown is measured from the equity peak", "Grid spacing follows volatility" },
            },
            new Dictionary<string, object>
            {
                ["name"] = "Мария", ["role"] = "Risk Manager",
                ["new_knowledge"] = new[] { "Risk limits live in one config" },
            },
        },
        ["overall_success"] = revised,
        ["overall_what_worked"] = new[] { "Pairing of strategy and risk" },
        ["overall_what_to_improve"] = new[] { "Replay production ticks in tests" },
        ["overall_new_knowledge"] = new[] { "A guard is part of the strategy, not an afterthought" },
        ["metrics"] = new Dictionary<string, object> { ["errors_count"] = revised ? 0 : 3, ["max_drawdown_pct"] = 4.5, ["regime"] = "bear" },
        ["lessons_learned"] = new[] { "Test the stop before the start" },
    });

    private static TaskReport Parse(bool revised) => ReportParser.Parse(Retrospective(revised), revised ? "ATRA-42_20261121.json" : "ATRA-42_20261120.json");

    private async Task<(IEventStore Store, KnowledgeService Service)> LearnedAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var store = await CreateStoreAsync(time);
        var service = new KnowledgeService(store, time);
        var first = await service.LearnAsync(Team, Parse(revised: false), onboardUnknown: true, amend: false, CancellationToken.None);
        Assert.True(first.EventCount > 0);
        Assert.Null(first.Revision);
        return (store, service);
    }

    [SkippableFact]
    public async Task An_amended_retrospective_ends_in_the_revision_and_replaying_it_writes_nothing()
    {
        var (store, service) = await LearnedAsync();
        await using var _ = store as IAsyncDisposable;
        var pavelBefore = (await service.GetAsync(Team, "pavel", null, CancellationToken.None)).State;
        Assert.Equal(Outcome.Failure, pavelBefore.Task("ATRA-42")!.Outcome);
        Assert.Equal(0, ExpertMetrics.Of(pavelBefore).Successful);

        var amended = await service.LearnAsync(Team, Parse(revised: true), onboardUnknown: false, amend: true, CancellationToken.None);
        var replay = await service.LearnAsync(Team, Parse(revised: true), onboardUnknown: false, amend: true, CancellationToken.None);

        var revision = Assert.IsType<string>(amended.Revision);
        Assert.Equal(KnowledgeService.Hash(Parse(revised: true))[..8], revision);
        Assert.True(amended.EventCount > 0);
        Assert.Equal(0, replay.EventCount);
        // A fresh service reads the store alone: the revision is what was stored, not what a cache remembers.
        var pavel = (await new KnowledgeService(store, TimeProvider.System).GetAsync(Team, "pavel", null, CancellationToken.None)).State;
        var task = pavel.Task("ATRA-42")!;
        Assert.Equal(Outcome.Success, task.Outcome);
        Assert.Equal(revision, task.Revision);
        Assert.Equal(1, ExpertMetrics.Of(pavel).Successful);
        Assert.Equal("Stop the grid when the drawdown crosses the kiwifruit threshold", task.Description);
        Assert.Equal(["Pairing of strategy and risk"], task.WhatWorked!);
        Assert.Equal(["Replay production ticks in tests"], task.WhatToImprove!);
        Assert.Equal(["A guard is part of the strategy, not an afterthought"], task.NewKnowledge!);
        Assert.Equal([new TaskMeasurement("errors_count", 0m), new TaskMeasurement("max_drawdown_pct", 4.5m), new TaskMeasurement("regime", Text: "bear")],
            task.Measurements!);

        var removed = pavel.Items.Values.Single(i => i.Text == "Grid spacing follows volatility");
        Assert.False(removed.IsActive);
        Assert.Equal($"removed by revision {revision} of task ATRA-42", removed.RetractReason);
        var added = pavel.Items.Values.Single(i => i.Text == "A guard needs a cooldown before restart");
        Assert.True(added.IsActive);
        Assert.Equal($"retro:ATRA-42#rev-{revision}", added.Source);
        var kept = pavel.Items.Values.Single(i => i.Text == "Drawdown is measured from the equity peak");
        Assert.True(kept.IsActive);
        Assert.Empty(kept.Confirmations); // kept by the revision, not confirmed a second time by it
        // The success the revision states makes the task a case, and its description is searchable on the store.
        Assert.Single(pavel.Active(SectionKind.Case));
        var hits = await ((ISearchIndex)store).SearchAsync(new SearchQuery(Team, "kiwifruit"), CancellationToken.None);
        Assert.Contains(hits, h => h.Expert == "pavel" && h.Section == SectionKind.Case);

        // Мария's part did not change in the lists she reported; her task record follows the revision's outcome.
        var maria = (await service.ListAsync(Team, CancellationToken.None)).Single(e => e.State.DisplayName == "Мария").State;
        Assert.Equal(Outcome.Success, maria.Task("ATRA-42")!.Outcome);
        Assert.True(maria.Items.Values.Single(i => i.Text == "Risk limits live in one config").IsActive);
    }

    [SkippableFact]
    public async Task The_original_sent_again_with_amend_switches_the_task_back_and_the_whole_sequence_replays_to_nothing()
    {
        var (store, service) = await LearnedAsync();
        await using var _ = store as IAsyncDisposable;
        var amended = await service.LearnAsync(Team, Parse(revised: true), onboardUnknown: false, amend: true, CancellationToken.None);
        var revision = amended.Revision!;

        var back = await service.LearnAsync(Team, Parse(revised: false), onboardUnknown: false, amend: true, CancellationToken.None);
        var again = await service.LearnAsync(Team, Parse(revised: false), onboardUnknown: false, amend: true, CancellationToken.None);

        Assert.True(back.EventCount > 0);
        Assert.Equal(TaskLearning.OriginalRevision, back.Revision);
        Assert.True(again.Duplicate);
        Assert.Equal(0, again.EventCount);
        var pavel = (await new KnowledgeService(store, TimeProvider.System).GetAsync(Team, "pavel", null, CancellationToken.None)).State;
        var task = pavel.Task("ATRA-42")!;
        Assert.Equal((Outcome.Failure, "original", "Stop the grid on a large drawdown"), (task.Outcome, task.Revision, task.Description));
        Assert.Equal(0, ExpertMetrics.Of(pavel).Successful);
        Assert.True(pavel.Items.Values.Single(i => i.Text == "Grid spacing follows volatility").IsActive);
        var dropped = pavel.Items.Values.Single(i => i.Text == "A guard needs a cooldown before restart");
        Assert.False(dropped.IsActive);
        Assert.Equal("removed by revision original of task ATRA-42", dropped.RetractReason);
        Assert.Empty(pavel.Active(SectionKind.Case)); // a failure is no case
        var maria = (await service.ListAsync(Team, CancellationToken.None)).Single(e => e.State.DisplayName == "Мария").State;
        Assert.Equal(Outcome.Failure, maria.Task("ATRA-42")!.Outcome);

        // The whole sequence again (the ATRA folder learned once more): every step writes nothing.
        var count = await store.CountEventsAsync(CancellationToken.None);
        var replays = new[]
        {
            await service.LearnAsync(Team, Parse(revised: false), onboardUnknown: false, amend: false, CancellationToken.None),
            await service.LearnAsync(Team, Parse(revised: true), onboardUnknown: false, amend: true, CancellationToken.None),
            await service.LearnAsync(Team, Parse(revised: false), onboardUnknown: false, amend: true, CancellationToken.None),
        };
        Assert.All(replays, r => Assert.Equal(0, r.EventCount));
        Assert.Equal(count, await store.CountEventsAsync(CancellationToken.None));
        Assert.Equal("original", (await service.GetAsync(Team, "pavel", null, CancellationToken.None)).State.Task("ATRA-42")!.Revision);

        // Then the revision once more: from the original again, a move already made — the documented limit of a
        // replayable sequence (docs): it writes nothing, the task stays on the original.
        Assert.Equal(0, (await service.LearnAsync(Team, Parse(revised: true), onboardUnknown: false, amend: true, CancellationToken.None)).EventCount);
        Assert.NotNull(revision);
    }

    [SkippableFact]
    public async Task A_revision_that_adds_a_participant_gives_them_the_task()
    {
        var (store, service) = await LearnedAsync();
        await using var _ = store as IAsyncDisposable;
        var json = System.Text.Json.Nodes.JsonNode.Parse(Retrospective(revised: true))!;
        json["experts"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = "Ольга", ["role"] = "QA Engineer", ["new_knowledge"] = new System.Text.Json.Nodes.JsonArray("Chaos tests cover the guard"),
        });
        var revision = ReportParser.Parse(json.ToJsonString(), "ATRA-42_20261122.json");

        var amended = await service.LearnAsync(Team, revision, onboardUnknown: true, amend: true, CancellationToken.None);
        var again = await service.LearnAsync(Team, revision, onboardUnknown: false, amend: true, CancellationToken.None);

        Assert.NotNull(amended.Revision);
        Assert.Equal(0, again.EventCount);
        var olga = (await service.ListAsync(Team, CancellationToken.None)).Single(e => e.State.DisplayName == "Ольга").State;
        Assert.Equal(Outcome.Success, olga.Task("ATRA-42")!.Outcome);
        Assert.True(olga.Items.Values.Single(i => i.Text == "Chaos tests cover the guard").IsActive);
        Assert.Equal(1, ExpertMetrics.Of(olga).TasksCompleted);
    }

    /// <summary>The revision of the retrospective that names only Павел: Мария is dropped.</summary>
    public static string RetrospectiveWithoutMaria()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(Retrospective(revised: true))!;
        json["experts"]!.AsArray().RemoveAt(1);
        return json.ToJsonString();
    }

    [SkippableFact]
    public async Task A_revision_that_drops_a_participant_takes_the_task_from_them_and_the_original_gives_it_back()
    {
        var (store, service) = await LearnedAsync();
        await using var _ = store as IAsyncDisposable;
        var mariaSlug = (await service.ListAsync(Team, CancellationToken.None)).Single(e => e.State.DisplayName == "Мария").State.Slug;
        var mariaBefore = (await service.GetAsync(Team, mariaSlug, null, CancellationToken.None)).State;
        Assert.Equal(1, ExpertMetrics.Of(mariaBefore).TasksCompleted);
        var withoutMaria = ReportParser.Parse(RetrospectiveWithoutMaria(), "ATRA-42_20261121.json");

        var amended = await service.LearnAsync(Team, withoutMaria, onboardUnknown: false, amend: true, CancellationToken.None);
        var replay = await service.LearnAsync(Team, withoutMaria, onboardUnknown: false, amend: true, CancellationToken.None);

        var revision = Assert.IsType<string>(amended.Revision);
        Assert.Contains(amended.Changes, c => c.Expert == mariaSlug);
        Assert.Equal(0, replay.EventCount);
        // A fresh service reads the store alone.
        var fresh = new KnowledgeService(store, TimeProvider.System);
        var maria = (await fresh.GetAsync(Team, mariaSlug, null, CancellationToken.None)).State;
        Assert.Null(maria.Task("ATRA-42"));
        var metrics = ExpertMetrics.Of(maria);
        Assert.Equal((0, 0), (metrics.TasksCompleted, metrics.Successful));
        var risk = maria.Items.Values.Single(i => i.Text == "Risk limits live in one config");
        Assert.False(risk.IsActive);
        Assert.Equal($"removed by revision {revision} of task ATRA-42", risk.RetractReason);
        Assert.DoesNotContain("ATRA-42", KnowledgeOs.Rendering.MarkdownRenderer.Render(maria, new KnowledgeOs.Rendering.RenderOptions()), StringComparison.Ordinal);
        var stream = new List<KnowledgeEvent>();
        await foreach (var e in store.ReadStreamAsync(new StreamId(Team, mariaSlug), null, CancellationToken.None)) stream.Add(e.Event);
        var withdrawn = stream.OfType<TaskWithdrawn>().Single();
        Assert.Equal(("ATRA-42", revision, $"not named by revision {revision} of task ATRA-42"), (withdrawn.TaskId, withdrawn.Revision, withdrawn.Reason));
        // Павел, still named, keeps the task at the revision.
        var pavel = (await fresh.GetAsync(Team, "pavel", null, CancellationToken.None)).State;
        Assert.Equal((Outcome.Success, revision), (pavel.Task("ATRA-42")!.Outcome, pavel.Task("ATRA-42")!.Revision));

        var back = await service.LearnAsync(Team, Parse(revised: false), onboardUnknown: false, amend: true, CancellationToken.None);
        var again = await service.LearnAsync(Team, Parse(revised: false), onboardUnknown: false, amend: true, CancellationToken.None);

        Assert.Equal(TaskLearning.OriginalRevision, back.Revision);
        Assert.Equal(0, again.EventCount);
        var mariaBack = (await new KnowledgeService(store, TimeProvider.System).GetAsync(Team, mariaSlug, null, CancellationToken.None)).State;
        Assert.Equal(Outcome.Failure, mariaBack.Task("ATRA-42")!.Outcome);
        Assert.Equal(1, ExpertMetrics.Of(mariaBack).TasksCompleted);
        Assert.True(mariaBack.Items.Values.Single(i => i.Text == "Risk limits live in one config").IsActive);
    }

    [SkippableFact]
    public async Task A_changed_report_without_amend_is_refused_naming_the_amend_option_and_writes_nothing()
    {
        var (store, service) = await LearnedAsync();
        await using var _ = store as IAsyncDisposable;
        var before = (await service.GetAsync(Team, "pavel", null, CancellationToken.None)).Version;

        var refused = await Assert.ThrowsAsync<ConflictException>(() =>
            service.LearnAsync(Team, Parse(revised: true), onboardUnknown: false, amend: false, CancellationToken.None));

        Assert.Contains("Task ATRA-42 was already learned from other content", refused.Message, StringComparison.Ordinal);
        Assert.Contains("kos learn FILE --amend", refused.Message, StringComparison.Ordinal);
        Assert.Contains("?amend=true", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await service.GetAsync(Team, "pavel", null, CancellationToken.None)).Version);
    }

    [SkippableFact]
    public async Task Amending_a_task_never_learned_is_a_plain_learn()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        var store = await CreateStoreAsync(time);
        await using var _ = store as IAsyncDisposable;
        var service = new KnowledgeService(store, time);

        var result = await service.LearnAsync(Team, Parse(revised: true), onboardUnknown: true, amend: true, CancellationToken.None);
        var plainReplay = await service.LearnAsync(Team, Parse(revised: true), onboardUnknown: false, amend: false, CancellationToken.None);

        Assert.Null(result.Revision);
        Assert.True(result.EventCount > 0);
        Assert.True(plainReplay.Duplicate);
        var pavel = (await service.GetAsync(Team, "pavel", null, CancellationToken.None)).State;
        Assert.Equal("retro:ATRA-42", pavel.Task("ATRA-42")!.Source);
    }
}

/// <summary>The amended retrospective on SQLite.</summary>
public sealed class SqliteAmendedRetrospectiveTests() : AmendedRetrospectiveContract(new SqliteTestStores());

/// <summary>The amended retrospective on PostgreSQL.</summary>
public sealed class PostgresAmendedRetrospectiveTests() : AmendedRetrospectiveContract(new PostgresTestStores());
