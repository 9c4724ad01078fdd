using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Rendering;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Application;

/// <summary>
/// A report's <c>usedItems</c> (item ids or a context pack id) weigh the items by the task's outcome: <c>v1.ItemUsed</c>
/// on the stream of the expert holding each item, in the task's one commit, even for an expert who did not take part;
/// replaying the report writes nothing; repeated failures put an item under suspicion. The same on both stores.
/// </summary>
public abstract class ItemUsageContract(ITestStores stores) : StoreContract(stores)
{
    private const string Team = "t";
    private const string Backoff = "Retry webhooks with exponential backoff";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private IEventStore? _store;

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task<(KnowledgeService Service, string ItemId)> TeamAsync()
    {
        _store = await CreateStoreAsync(_clock);
        var service = new KnowledgeService(_store, _clock);
        var ct = CancellationToken.None;
        await service.OnboardAsync(Team, new OnboardExpert("dmitriy", "Дмитрий", "Backend Developer", "Orbit"), "manual:test", ct);
        await service.OnboardAsync(Team, new OnboardExpert("olga", "Ольга", "Performance Engineer", "Orbit"), "manual:test", ct);
        var added = await service.AddAsync(Team, "olga", new AddKnowledge(SectionKind.Known, Backoff), "manual:test", ct);
        return (service, added.Changes[0].State!.Items.Values.Single(i => i.Text == Backoff).Id);
    }

    private static TaskReport Report(string taskId, string outcome, params string[] used) => ReportParser.Parse($$"""
        {"taskId":"{{taskId}}","title":"Webhook retries","completedAt":"2026-03-05T10:00:00Z","outcome":"{{outcome}}",
         "participants":["dmitriy"],"usedItems":[{{string.Join(",", used.Select(u => $"\"{u}\""))}}]}
        """, "report.json");

    private async Task<KnowledgeItem> ItemAsync(KnowledgeService service, string id) =>
        (await service.GetAsync(Team, "olga", null, CancellationToken.None)).State.Items[id];

    [SkippableFact]
    public async Task A_failed_task_records_the_use_on_the_holders_stream_in_the_tasks_one_commit()
    {
        var (service, itemId) = await TeamAsync();
        var head = await LastPositionAsync();

        var result = await service.LearnAsync(Team, Report("T-1", "failure", PackId.Of([itemId])), false, CancellationToken.None);

        Assert.Equal(["dmitriy", "olga"], result.Changes.Select(c => c.Expert).Order());
        var written = await ReadAfterAsync(head);
        var used = Assert.Single(written, e => e.Event is ItemUsed);
        Assert.Equal("olga", used.Stream.Expert);
        Assert.Equal(new ItemUsed { ItemId = itemId, TaskId = "T-1", Outcome = Outcome.Failure, Source = "task:T-1", At = used.Event.At }, used.Event);
        // One commit: the task's events and the use are contiguous and share the commit time.
        Assert.Equal(Enumerable.Range(1, written.Count).Select(i => head + i), written.Select(e => e.Position));
        Assert.Single(written.Select(e => e.RecordedAt).Distinct());
        var item = await ItemAsync(service, itemId);
        Assert.Equal(0, Usefulness.Successes(item));
        Assert.Equal(1, Usefulness.Failures(item));
        Assert.True(Usefulness.Factor(item) < 1);
        Assert.False(Usefulness.IsSuspect(item));
    }

    [SkippableFact]
    public async Task The_same_report_again_writes_nothing()
    {
        var (service, itemId) = await TeamAsync();
        await service.LearnAsync(Team, Report("T-1", "failure", itemId), false, CancellationToken.None);
        var head = await LastPositionAsync();

        var again = await service.LearnAsync(Team, Report("T-1", "failure", itemId), false, CancellationToken.None);

        Assert.True(again.Duplicate);
        Assert.Equal(0, again.EventCount);
        Assert.Empty(await ReadAfterAsync(head));
        Assert.Single((await ItemAsync(service, itemId)).Uses);
    }

    [SkippableFact]
    public async Task Two_failures_put_an_item_under_suspicion_and_a_success_lifts_it()
    {
        var (service, itemId) = await TeamAsync();
        await service.LearnAsync(Team, Report("T-1", "failure", itemId), false, CancellationToken.None);
        await service.LearnAsync(Team, Report("T-2", "failure", itemId), false, CancellationToken.None);

        var state = (await service.GetAsync(Team, "olga", null, CancellationToken.None)).State;
        Assert.True(Usefulness.IsSuspect(state.Items[itemId]));
        Assert.Contains($"## 🚩 ПОД ПОДОЗРЕНИЕМ\n\n- {Backoff} (`{itemId}`: провалов: 2, успехов: 0)", MarkdownRenderer.Render(state, new RenderOptions(RenderLanguage.Ru)), StringComparison.Ordinal);
        Assert.Contains($"## 🚩 Under suspicion\n\n- {Backoff} (`{itemId}`: failed in 2 tasks, succeeded in 0)", MarkdownRenderer.Render(state, new RenderOptions(RenderLanguage.En)), StringComparison.Ordinal);

        await service.LearnAsync(Team, Report("T-3", "success", itemId), false, CancellationToken.None);
        await service.LearnAsync(Team, Report("T-4", "success", itemId), false, CancellationToken.None);
        state = (await service.GetAsync(Team, "olga", null, CancellationToken.None)).State;
        Assert.False(Usefulness.IsSuspect(state.Items[itemId]));
        Assert.DoesNotContain("ПОД ПОДОЗРЕНИЕМ", MarkdownRenderer.Render(state, new RenderOptions(RenderLanguage.Ru)), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_item_no_expert_holds_is_refused_by_name_and_nothing_is_written()
    {
        var (service, _) = await TeamAsync();
        var head = await LastPositionAsync();

        var error = await Assert.ThrowsAsync<InputException>(() => service.LearnAsync(Team, Report("T-1", "success", "knowledge-000000000000"), false, CancellationToken.None));

        Assert.Equal("usedItems", error.Field);
        Assert.Contains("'knowledge-000000000000'", error.Message, StringComparison.Ordinal);
        Assert.Empty(await ReadAfterAsync(head));
    }

    private static TaskReport Retrospective(string taskId, bool success, string topLevel, string perExpert) => ReportParser.Parse($$"""
        {"task_id":"{{taskId}}","task_name":"Webhook retries","completed_at":"2026-03-05T10:00:00Z","overall_success":{{(success ? "true" : "false")}},
         {{topLevel}}"experts":[{"expert":"Дмитрий","slug":"dmitriy","role":"Backend Developer"{{perExpert}}}]}
        """, "retro.json");

    [SkippableFact]
    public async Task An_ATRA_retrospective_weighs_its_used_items_like_a_native_report_and_a_replay_writes_nothing()
    {
        var (service, itemId) = await TeamAsync();
        var head = await LastPositionAsync();

        // At the top, as a pack id: a failure lowers the item, on its holder's stream, as usedItems does.
        await service.LearnAsync(Team, Retrospective("R-1", false, $"\"used_items\":[\"{PackId.Of([itemId])}\"],", ""), false, CancellationToken.None);
        var used = Assert.Single(await ReadAfterAsync(head), e => e.Event is ItemUsed);
        Assert.Equal(("olga", new ItemUsed { ItemId = itemId, TaskId = "R-1", Outcome = Outcome.Failure, Source = "retro:R-1", At = used.Event.At }), (used.Stream.Expert, used.Event));
        var item = await ItemAsync(service, itemId);
        Assert.Equal((0, 1), (Usefulness.Successes(item), Usefulness.Failures(item)));
        Assert.True(Usefulness.Factor(item) < 1);

        // Per expert, as an item id: a success raises it.
        await service.LearnAsync(Team, Retrospective("R-2", true, "", $",\"used_items\":[\"{itemId}\"]"), false, CancellationToken.None);
        item = await ItemAsync(service, itemId);
        Assert.Equal((1, 1), (Usefulness.Successes(item), Usefulness.Failures(item)));

        var replayHead = await LastPositionAsync();
        foreach (var again in new[] { Retrospective("R-1", false, $"\"used_items\":[\"{PackId.Of([itemId])}\"],", ""), Retrospective("R-2", true, "", $",\"used_items\":[\"{itemId}\"]") })
            Assert.Equal(0, (await service.LearnAsync(Team, again, false, CancellationToken.None)).EventCount);
        Assert.Empty(await ReadAfterAsync(replayHead));
        Assert.Equal(2, (await ItemAsync(service, itemId)).Uses.Count);
    }

    [SkippableFact]
    public async Task An_ATRA_used_item_no_expert_holds_is_refused_in_the_ATRA_spelling()
    {
        var (service, _) = await TeamAsync();
        var head = await LastPositionAsync();
        var error = await Assert.ThrowsAsync<InputException>(() =>
            service.LearnAsync(Team, Retrospective("R-1", true, "\"used_items\":[\"knowledge-000000000000\"],", ""), false, CancellationToken.None));
        Assert.Equal("used_items", error.Field);
        Assert.Empty(await ReadAfterAsync(head));
    }

    private async Task<long> LastPositionAsync() => (await ReadAfterAsync(0)).LastOrDefault()?.Position ?? 0;

    private async Task<List<StoredEvent>> ReadAfterAsync(long position)
    {
        var list = new List<StoredEvent>();
        await foreach (var e in _store!.ReadAllAsync(position, CancellationToken.None)) list.Add(e);
        return list;
    }
}

/// <summary>The item-usage contract on SQLite.</summary>
public sealed class SqliteItemUsageTests() : ItemUsageContract(new SqliteTestStores());

/// <summary>The item-usage contract on PostgreSQL (skipped without <c>KOS_TEST_POSTGRES</c>).</summary>
public sealed class PostgresItemUsageTests() : ItemUsageContract(new PostgresTestStores());
