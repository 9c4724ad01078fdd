using System.Text.Json;
using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Search;

/// <summary>
/// Search finds task-level knowledge (issue 11): the words of an ATRA retrospective's description, <c>overall_*</c>
/// lists, metric names and the experts' <c>what_to_improve</c> (the improvement backlog) come back as one hit per task,
/// kind <c>task</c>, with its id and participants; a replay, a rebuild and an amendment leave exactly the task's
/// current text. And search ranks with usefulness (issue 13). Run on each store.
/// </summary>
public abstract class TaskSearchContract(ITestStores stores) : StoreContract(stores)
{
    private const string Team = "atra";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private IEventStore? _store;

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>A retrospective as ATRA's tools write it, with no case item; the revision rewrites what worked.</summary>
    private static TaskReport Retrospective(bool revised) => ReportParser.Parse(JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["task_id"] = "ATRA-77",
        ["task_name"] = "Grid guard",
        ["task_description"] = "Pause the grid bot when funding flips",
        ["completed_at"] = "2026-11-20T10:00:00Z",
        ["is_case"] = false,
        ["experts"] = new[]
        {
            new Dictionary<string, object>
            {
                ["name"] = "Павел", ["role"] = "Trading Strategy Developer",
                ["what_to_improve"] = new[] { "Alert the desk through the pomelo channel" },
                ["new_knowledge"] = new[] { "Funding flips precede squeezes" },
            },
            new Dictionary<string, object> { ["name"] = "Мария", ["role"] = "Risk Manager", ["new_knowledge"] = new[] { "Limits live in one config" } },
        },
        ["overall_success"] = true,
        ["overall_what_worked"] = new[] { revised ? "Pairing on the tamarillo checklist" : "Pairing on the kumquat checklist" },
        ["overall_what_to_improve"] = new[] { "Replay production ticks in tests" },
        ["overall_new_knowledge"] = new[] { "A guard belongs to the strategy" },
        ["metrics"] = new Dictionary<string, object> { ["max_drawdown_pct"] = 4.5, ["regime"] = "bear" },
    }), revised ? "ATRA-77_20261121.json" : "ATRA-77_20261120.json");

    private async Task<(KnowledgeService Service, RankedSearch Search)> LearnedAsync()
    {
        _store = await CreateStoreAsync(_clock);
        var service = new KnowledgeService(_store, _clock);
        Assert.True((await service.LearnAsync(Team, Retrospective(revised: false), onboardUnknown: true, amend: false, CancellationToken.None)).EventCount > 0);
        return (service, new RankedSearch((ISearchIndex)_store, _store));
    }

    private static async Task<List<SearchHit>> FindAsync(ISearchIndex search, string q) =>
        [.. await search.SearchAsync(new SearchQuery(Team, q), CancellationToken.None)];

    [SkippableFact]
    public async Task A_context_pack_shows_the_participants_matching_past_task_and_open_backlog_entry_in_Markdown_and_JSON()
    {
        var (service, _) = await LearnedAsync();
        var pavel = (await service.ListAsync(Team, CancellationToken.None)).Single(s => s.State.Role == "Trading Strategy Developer").State.Slug;
        var retrieval = new RetrievalService(service);
        var request = new ContextPackRequest("Walk the kumquat checklist and warn through the pomelo channel", null, [pavel], ContextPack.DefaultBudget,
            KnowledgeOs.Rendering.RenderLanguage.En);
        var pack = await retrieval.ContextAsync(Team, request, CancellationToken.None);

        var expert = Assert.Single(pack.Experts);
        var task = Assert.Single(expert.Tasks);
        Assert.Equal("ATRA-77", task.TaskId);
        Assert.Equal("Grid guard", task.Title);
        Assert.Contains("Pairing on the kumquat checklist", task.Lines);
        Assert.Contains("kumquat", task.Matched);
        var backlog = Assert.Single(expert.Improvements);
        Assert.Equal("Alert the desk through the pomelo channel", backlog.Text);
        Assert.Equal("ATRA-77", backlog.TaskId);
        Assert.Contains("### 🗂 From past tasks\n- `task:ATRA-77` Grid guard — ", pack.Markdown, StringComparison.Ordinal);
        Assert.Contains("Pairing on the kumquat checklist", pack.Markdown, StringComparison.Ordinal);
        Assert.Contains("- 🔧 To improve: Alert the desk through the pomelo channel · `task:ATRA-77`", pack.Markdown, StringComparison.Ordinal);
        Assert.True(pack.Characters <= pack.Budget);
        // The pack id names items only.
        Assert.Equal(PackId.Of(pack.Experts.SelectMany(e => e.Items.Select(i => i.Id))), pack.PackId);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(pack, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        var shown = json.RootElement.GetProperty("experts")[0];
        Assert.Equal("ATRA-77", shown.GetProperty("tasks")[0].GetProperty("taskId").GetString());
        Assert.Equal("Grid guard", shown.GetProperty("tasks")[0].GetProperty("title").GetString());
        Assert.Equal("Alert the desk through the pomelo channel", shown.GetProperty("improvements")[0].GetProperty("text").GetString());

        // In Russian the heading is the catalog's.
        var ru = await retrieval.ContextAsync(Team, request with { Language = KnowledgeOs.Rendering.RenderLanguage.Ru }, CancellationToken.None);
        Assert.Contains("### 🗂 Из прошлых задач\n- `task:ATRA-77`", ru.Markdown, StringComparison.Ordinal);

        // However small the budget, the Markdown never exceeds it; the past task goes before the pack breaks it.
        for (var budget = ContextPack.MinBudget; budget <= 1200; budget += 25)
        {
            var small = await retrieval.ContextAsync(Team, request with { Budget = budget }, CancellationToken.None);
            Assert.True(small.Characters <= budget, $"budget {budget}: {small.Characters} characters");
            Assert.Equal(small.Markdown.Contains("`task:ATRA-77` Grid guard", StringComparison.Ordinal), small.Experts.Any(e => e.Tasks.Count > 0));
        }

        // A task whose words no past task holds shows no group.
        var other = await retrieval.ContextAsync(Team, request with { Task = "Rotate the exchange API keys" }, CancellationToken.None);
        Assert.DoesNotContain("From past tasks", other.Markdown, StringComparison.Ordinal);
        Assert.All(other.Experts, e => Assert.Empty(e.Tasks));
    }

    [SkippableFact]
    public async Task Overall_lists_metric_names_and_the_backlog_are_found_as_one_task_hit_with_its_experts()
    {
        var (service, search) = await LearnedAsync();
        var participants = (await service.ListAsync(Team, CancellationToken.None)).Select(s => s.State.Slug).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, participants.Count);

        foreach (var q in new[] { "kumquat checklist", "max_drawdown_pct", "pomelo", "funding flips bot", "production ticks" })
        {
            var hits = await FindAsync(search, q);
            var task = Assert.Single(hits, h => h.Kind == SearchHitKind.Task);
            Assert.Equal("ATRA-77", task.TaskId);
            Assert.Equal("task:ATRA-77", task.ItemId);
            Assert.Equal("task", task.SectionCode);
            Assert.Equal(participants, task.TaskExperts);
            Assert.NotEmpty(task.Matches!);
            Assert.StartsWith("Grid guard", task.Text, StringComparison.Ordinal);
        }
        Assert.Contains("kumquat", (await FindAsync(search, "kumquat")).Single().Text, StringComparison.Ordinal);
        // The store's own index holds items only: these words are task-level and nowhere else.
        Assert.Empty(await FindAsync((ISearchIndex)_store!, "kumquat"));
        // An expert filter keeps a task its expert took part in; a section filter without case leaves tasks out.
        var filtered = Assert.Single(await search.SearchAsync(new SearchQuery(Team, "kumquat", Experts: [participants[1]]), CancellationToken.None));
        Assert.Equal(participants[1], filtered.Expert);
        Assert.Empty(await search.SearchAsync(new SearchQuery(Team, "kumquat", Sections: [SectionKind.Learned]), CancellationToken.None));
    }

    [SkippableFact]
    public async Task A_replay_and_a_rebuild_change_no_hit_and_an_amendment_replaces_the_tasks_text()
    {
        var (service, search) = await LearnedAsync();
        var before = await FindAsync(search, "kumquat max_drawdown_pct");

        Assert.True((await service.LearnAsync(Team, Retrospective(revised: false), false, false, CancellationToken.None)).Duplicate);
        await ProjectionRebuilder.RebuildAsync(_store!, write: true, null, CancellationToken.None);
        var after = await FindAsync(search, "kumquat max_drawdown_pct");
        Assert.Equal(before.Select(Shown), after.Select(Shown));
        Assert.Single(after, h => h.Kind == SearchHitKind.Task);

        await service.LearnAsync(Team, Retrospective(revised: true), false, amend: true, CancellationToken.None);

        Assert.Empty(await FindAsync(search, "kumquat"));
        var revised = Assert.Single(await FindAsync(search, "tamarillo"));
        Assert.Equal("ATRA-77", revised.TaskId);
        Assert.Contains("tamarillo", revised.Text, StringComparison.Ordinal);
        Assert.Single(await FindAsync(search, "max_drawdown_pct"), h => h.Kind == SearchHitKind.Task);
    }

    [SkippableFact]
    public async Task Of_two_items_matching_equally_the_one_used_in_two_failed_tasks_ranks_below()
    {
        _store = await CreateStoreAsync(_clock);
        var service = new KnowledgeService(_store, _clock);
        var failing = await UsefulnessTeam.LearnAsync(service, Team);
        var search = new RankedSearch((ISearchIndex)_store, _store);

        var lexical = await FindAsync((ISearchIndex)_store, UsefulnessTeam.Query);
        var ranked = await FindAsync(search, UsefulnessTeam.Query);

        // Equal text, equal score: the store alone orders by expert, the failing item first.
        Assert.Equal(lexical[0].Score, lexical[1].Score, 9);
        Assert.Equal(failing, lexical[0].ItemId);
        Assert.Equal(["boris", "anna"], ranked.Select(h => h.Expert));
        Assert.Equal(Usefulness.Factor(0, 2), ranked[1].Usefulness, 9);
        Assert.Equal(lexical[0].Score * Usefulness.Factor(0, 2), ranked[1].Score, 9);
        Assert.Equal(1, ranked[0].Usefulness);
    }

    private static string Shown(SearchHit h) => $"{h.Kind} {h.Expert} {h.ItemId} {h.Text} {h.Score:0.######}";
}

/// <summary>Two experts holding items that match a query equally; Анна's was used in two failed tasks (the usefulness tests' team).</summary>
public static class UsefulnessTeam
{
    /// <summary>The words both items match equally.</summary>
    public const string Query = "webhook jitter";

    // One more stop word: the same indexed terms, so the same relevance; another text, so another item id.
    private static readonly (string Slug, string Name, string Item)[] Holders =
        [("anna", "Анна", "Webhook retries need jitter"), ("boris", "Борис", "Webhook retries need the jitter")];

    /// <summary>Onboards anna and boris with their items and learns two failed tasks that used anna's; returns its id.</summary>
    public static async Task<string> LearnAsync(KnowledgeService service, string team)
    {
        var ct = CancellationToken.None;
        foreach (var (slug, name, item) in Holders)
        {
            await service.OnboardAsync(team, new OnboardExpert(slug, name, "Backend Developer", "Orbit"), "manual:test", ct);
            await service.AddAsync(team, slug, new AddKnowledge(SectionKind.Known, item), "manual:test", ct);
        }
        var failing = (await service.GetAsync(team, "anna", null, ct)).State.Items.Values.Single().Id;
        foreach (var task in new[] { "T-1", "T-2" })
        {
            await service.LearnAsync(team, ReportParser.Parse($$"""
                {"taskId":"{{task}}","title":"Deploy","completedAt":"2026-03-05T10:00:00Z","outcome":"failure",
                 "participants":["boris"],"usedItems":["{{failing}}"]}
                """, "report.json"), false, false, ct);
        }
        return failing;
    }
}

/// <summary>The task-search contract on SQLite.</summary>
public sealed class SqliteTaskSearchTests() : TaskSearchContract(new SqliteTestStores());

/// <summary>The task-search contract on PostgreSQL (skipped without <c>KOS_TEST_POSTGRES</c>).</summary>
public sealed class PostgresTaskSearchTests() : TaskSearchContract(new PostgresTestStores());
