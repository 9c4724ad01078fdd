using KnowledgeOs.Application;
using KnowledgeOs.Cycle;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Programs;
using KnowledgeOs.Sections;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Cycle;

/// <summary>The feeds job end to end: good and bad sources on a loopback server, recorded once, failures reported.</summary>
public sealed class CycleFeedsTests : IAsyncLifetime
{
    private readonly TempFolder _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 5, 30, 0, TimeSpan.Zero));
    private LoopbackFeedServer _server = null!;
    private SqliteEventStore _store = null!;
    private KnowledgeService _service = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackFeedServer.StartAsync();
        _store = await SqliteEventStore.OpenAsync(_dir.File("kos.db"), _time, default);
        _service = new KnowledgeService(_store, _time);
        await _service.OnboardAsync("demo", new OnboardExpert("dmitriy", "Дмитрий", "Backend Developer", Tags: ["kafka", "idempotency", "api"]), "manual:test", default);
        await _service.OnboardAsync("demo", new OnboardExpert("yuliya", "Юлия", "DevOps Engineer", Tags: ["kubernetes"]), "manual:test", default);
        await _service.OnboardAsync("demo", new OnboardExpert("mariya-qa", "Мария", "QA Engineer", Tags: ["k6"]), "manual:test", default);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _server.DisposeAsync();
        _dir.Dispose();
    }

    private CycleOptions Options(params string[] paths) => new()
    {
        OutputFolder = _dir.File("out"),
        Http = FeedFetcherTests.Fast,
        Teams = { ["demo"] = new TeamFeedOptions { Feeds = [.. paths.Select(p => new FeedSourceOptions { Url = _server.Url(p), Category = "Engineering" })] } },
    };

    private CycleStorage Storage => new(async ct => await SqliteCycleStore.OpenAsync(_dir.File("kos.db"), ct), _dir.File("cycle"));

    private async Task<int> EventCount() => (int)await _store.CountEventsAsync(default);

    [Fact]
    public async Task Good_feeds_are_recorded_once_for_the_experts_they_match_while_bad_ones_are_reported_and_skipped()
    {
        var options = Options("/rss.xml", "/atom.xml", "/feed.json", "/flaky.xml", "/always-500.xml", "/html", "/broken.xml", "/huge.xml", "/slow-headers.xml");
        await using var runner = await CycleRunner.OpenAsync(_service, Storage, options, ProgramCatalog.Builtin, _time, NullLogger.Instance, default);
        var feeds = Assert.Single((await runner.Cycle.TickAsync(["feeds"], false, default)).Jobs);
        Assert.Equal(JobStatus.Ran, feeds.Status);
        // Five bad sources: a 500 every time, HTML, invalid XML, 20 MB, no answer in time; the flaky one recovered on retry.
        Assert.Equal(5, feeds.Errors.Count);
        Assert.Contains(feeds.Errors, e => e.Contains("/always-500.xml: HTTP 500", StringComparison.Ordinal));
        Assert.Contains(feeds.Errors, e => e.Contains("/html: ", StringComparison.Ordinal) && e.Contains("HTML page", StringComparison.Ordinal));
        Assert.Contains(feeds.Errors, e => e.Contains("invalid XML", StringComparison.Ordinal));
        Assert.Contains(feeds.Errors, e => e.Contains("over the limit", StringComparison.Ordinal));
        Assert.Contains(feeds.Errors, e => e.Contains("/slow-headers.xml: timed out", StringComparison.Ordinal));

        var dmitriy = (await _service.GetAsync("demo", "dmitriy", null, default)).State;
        Assert.Equal(["Idempotency keys stored with the payment", "Kafka consumer lag per partition", "Retry with exponential backoff and jitter"],
            dmitriy.Active(SectionKind.BestPractice).Select(i => i.Text).Order(StringComparer.Ordinal));
        var idem = dmitriy.Active(SectionKind.BestPractice).First();
        Assert.Equal($"feed:{_server.Url("/rss.xml")}", idem.Source);
        Assert.Equal("2026-03-02 05:30:00 UTC", idem.Field(ItemFields.FoundAt));
        Assert.Equal(["Blue-green deploys without downtime"], (await _service.GetAsync("demo", "yuliya", null, default)).State.Active(SectionKind.BestPractice).Select(i => i.Text));
        Assert.Equal(["k6 thresholds fail the CI job"], (await _service.GetAsync("demo", "mariya-qa", null, default)).State.Active(SectionKind.BestPractice).Select(i => i.Text));

        // The feeds repeat every entry on the next run: nothing is stored twice.
        var events = await EventCount();
        _time.Advance(TimeSpan.FromDays(1));
        var again = Assert.Single((await runner.Cycle.TickAsync(["feeds"], false, default)).Jobs);
        Assert.Equal(JobStatus.Ran, again.Status);
        Assert.Equal(events, await EventCount());
    }

    [Fact]
    public async Task Feeds_are_fetched_with_bounded_concurrency()
    {
        var options = Options(Enumerable.Range(0, 8).Select(i => $"/slow-ok.xml?n={i}").ToArray());
        options.Http.MaxConcurrency = 2;
        await using var runner = await CycleRunner.OpenAsync(_service, Storage, options, ProgramCatalog.Builtin, _time, NullLogger.Instance, default);
        var feeds = Assert.Single((await runner.Cycle.TickAsync(["feeds"], true, default)).Jobs);
        Assert.Empty(feeds.Errors);
        Assert.Equal(8, _server.Hits("/slow-ok.xml"));
        Assert.InRange(_server.MaxInFlight, 1, 2);
    }

    [Fact]
    public async Task A_feed_with_an_etag_is_fetched_conditionally_on_the_next_run_and_the_validators_are_stored()
    {
        var options = Options("/etag.xml");
        await using var runner = await CycleRunner.OpenAsync(_service, Storage, options, ProgramCatalog.Builtin, _time, NullLogger.Instance, default);
        await runner.Cycle.TickAsync(["feeds"], false, default);
        var state = await runner.Store.GetFeedAsync("demo", _server.Url("/etag.xml"), default);
        Assert.Equal((FeedStatus.Ok, "\"v1\""), (state!.Status, state.ETag));
        _time.Advance(TimeSpan.FromDays(1));
        var second = Assert.Single((await runner.Cycle.TickAsync(["feeds"], false, default)).Jobs);
        Assert.Contains(second.Lines, l => l.Text.EndsWith("not modified", StringComparison.Ordinal));
        Assert.Equal("\"v1\"", _server.IfNoneMatch.Last());
    }
}
