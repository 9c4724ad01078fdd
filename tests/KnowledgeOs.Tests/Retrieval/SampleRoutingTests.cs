using KnowledgeOs.Application;
using KnowledgeOs.Bench;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Retrieval;

/// <summary>Routing and context packs across languages on the project's sample team (written in Russian): runs in a fresh clone.</summary>
public sealed class SampleRoutingTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 4, 20, 9, 0, 0, TimeSpan.Zero));
    private SqliteEventStore _store = null!;
    private RetrievalService _retrieval = null!;
    private string _team = "";

    public async Task InitializeAsync()
    {
        _store = await SqliteEventStore.OpenAsync(_folder.File("kos.db"), _time, default);
        _team = await SearchEvaluation.LoadSamplesAsync(_store, Repo.Samples, _time, default);
        _retrieval = new RetrievalService(new KnowledgeService(_store, _time));
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Theory]
    [InlineData("Добавить ключи идемпотентности в API возвратов", "Add idempotency keys to the refunds API")]
    [InlineData("Настроить лимиты velocity по картам против мошенничества", "Set up card velocity limits against fraud")]
    [InlineData("Партиционировать таблицу леджера без блокировок", "Partition the ledger table without locks")]
    public async Task The_same_task_in_russian_and_english_goes_to_the_same_expert_first(string russian, string english)
    {
        var ru = await _retrieval.RouteAsync(_team, russian, null, 3, default);
        var en = await _retrieval.RouteAsync(_team, english, null, 3, default);

        Assert.Equal(ru[0].Expert, en[0].Expert);
        Assert.True(en[0].Score >= 0.4 * ru[0].Score, $"ru {ru[0].Score} vs en {en[0].Score}");
    }

    [Theory]
    [InlineData("Добавить ключи идемпотентности в API возвратов", "Add idempotency keys to the refunds API")]
    [InlineData("Настроить лимиты velocity по картам против мошенничества", "Set up card velocity limits against fraud")]
    public async Task Open_tasks_lower_an_expert_the_same_way_for_the_task_in_russian_and_in_english(string russian, string english)
    {
        var knowledge = new KnowledgeService(_store, _time);
        var before = (await _retrieval.RouteAsync(_team, russian, null, 5, default))[0];
        var beforeEn = (await _retrieval.RouteAsync(_team, english, null, 5, default)).Single(r => r.Expert == before.Expert);
        foreach (var id in new[] { "BUSY-1", "BUSY-2", "BUSY-3" }) await knowledge.StartTaskAsync(_team, id, [before.Expert], null, default);

        var ru = await _retrieval.RouteAsync(_team, russian, null, 5, default);
        var en = await _retrieval.RouteAsync(_team, english, null, 5, default);

        var (busyRu, busyEn) = (ru.Single(r => r.Expert == before.Expert), en.Single(r => r.Expert == before.Expert));
        Assert.Equal((3, 3), (busyRu.OpenTasks, busyEn.OpenTasks));
        Assert.Equal(busyRu.WorkloadFactor, busyEn.WorkloadFactor);
        Assert.Equal(before.Score * Workload.Factor(3), busyRu.Score, 2);
        Assert.Equal(beforeEn.Score * Workload.Factor(3), busyEn.Score, 2);
        Assert.Equal(ru[0].Expert, en[0].Expert);
    }

    [Fact]
    public async Task An_english_task_gets_a_context_pack_of_russian_lessons_with_the_reasons()
    {
        var pack = await _retrieval.ContextAsync(_team, new ContextPackRequest("Client retries after a gateway timeout charge twice", Budget: 4000), default);

        var items = pack.Experts.SelectMany(e => e.Items).ToList();
        Assert.Contains(items, i => i.Text.StartsWith("Повторы клиента после таймаута", StringComparison.Ordinal));
        Assert.Contains(items.SelectMany(i => i.Reasons ?? []), r => r.How == MatchKind.Glossary);
    }
}
