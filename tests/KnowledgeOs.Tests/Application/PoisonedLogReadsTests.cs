using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Metrics;
using KnowledgeOs.Programs;
using KnowledgeOs.Rendering;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Storage;
using KnowledgeOs.Team;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Application;

/// <summary>
/// A log that already holds extreme counters (written straight into the store, past every validation, as an
/// older version could have) must still be readable on every read path: the log is append-only, there is no way back.
/// </summary>
public abstract class PoisonedLogReadsContract(ITestStores stores) : StoreContract(stores)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private IEventStore? _store;

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        if (_store is not null) await _store.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>An expert whose log holds three tasks each claiming int.MaxValue errors fixed and minutes.</summary>
    private async Task<KnowledgeService> PoisonedAsync()
    {
        _store = await CreateStoreAsync(_clock);
        var events = ExpertDecider.Onboard(null, new OnboardExpert("igor", "Игорь", "Backend Developer", "ATRA"), "manual:test", Start).ToList();
        for (var i = 1; i <= 3; i++)
        {
            events.Add(new TaskCompleted
            {
                Source = $"task:T-{i}", At = Start.AddHours(i),
                TaskId = $"T-{i}", Title = $"Idempotency keys {i}", Outcome = Outcome.Success,
                ErrorsFixed = int.MaxValue, DurationMinutes = int.MaxValue,
            });
        }
        await _store.AppendAsync(new Commit("t", [new StreamAppend(new StreamId("t", "igor"), ExpectedVersion.NoStream, events, ExpertState.Fold(null, events)!)]), CancellationToken.None);
        return new KnowledgeService(_store, _clock);
    }

    [SkippableFact]
    public async Task Metrics_sum_extreme_counters_without_overflow()
    {
        var service = await PoisonedAsync();

        var m = ExpertMetrics.Of((await service.GetAsync("t", "igor", null, CancellationToken.None)).State);

        Assert.Equal(3L * int.MaxValue, m.ErrorsFixed);
        Assert.Equal(3, m.TasksCompleted);
    }

    [SkippableFact]
    public async Task Every_read_path_answers_on_a_log_with_extreme_counters()
    {
        var service = await PoisonedAsync();
        var ct = CancellationToken.None;
        var state = (await service.GetAsync("t", "igor", null, ct)).State;
        var reports = new LearningReports(service, ProgramCatalog.Builtin, _clock);
        var retrieval = new RetrievalService(service);

        var rendered = MarkdownRenderer.Render(state, RenderOptions.Default);
        var export = KnowledgeExport.Of("t", await service.ListAsync("t", ct)).ToJson();
        var program = await reports.ProgramAsync("t", "igor", null, ct);
        var overview = await reports.OverviewAsync("t", null, ct);
        var team = TeamDocument.Render(overview, RenderLanguage.Ru);
        var digest = (await reports.DigestAsync("t", Start.AddDays(-1), Start.AddDays(1), ct)).ToMarkdown(RenderLanguage.Ru);
        var routed = await retrieval.RouteAsync("t", "idempotency keys", null, 3, ct);
        var pack = await retrieval.ContextAsync("t", new ContextPackRequest("idempotency keys"), ct);

        Assert.Contains("6442450941", rendered, StringComparison.Ordinal);
        Assert.Contains("\"errorsFixed\": 2147483647", export, StringComparison.Ordinal);
        Assert.Equal("igor", program.State.Slug);
        Assert.Contains("igor", team, StringComparison.Ordinal);
        Assert.NotNull(digest);
        Assert.Equal("igor", Assert.Single(routed).Expert);
        Assert.Contains("igor", pack.Experts.Select(p => p.Expert));
    }
}

/// <summary>The poisoned-log reads on SQLite.</summary>
public sealed class SqlitePoisonedLogReadsTests() : PoisonedLogReadsContract(new SqliteTestStores());

/// <summary>The poisoned-log reads on PostgreSQL (skipped without <c>KOS_TEST_POSTGRES</c>).</summary>
public sealed class PostgresPoisonedLogReadsTests() : PoisonedLogReadsContract(new PostgresTestStores());
