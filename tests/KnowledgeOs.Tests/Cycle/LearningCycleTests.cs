using KnowledgeOs.Application;
using KnowledgeOs.Cycle;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Postgres;
using KnowledgeOs.Programs;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Cycle;

/// <summary>
/// The cycle on a fake clock and a real database: schedules, catch-up, the single-run lease, levels, digests. A
/// backend subclasses it with how to open its event store and its cycle store on one database.
/// </summary>
public abstract class LearningCycleTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 5, 30, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Monday);
    private readonly List<IAsyncDisposable> _open = [];
    private KnowledgeService? _service;

    /// <summary>Files of the test (digests, the SQLite database).</summary>
    protected TempFolder Dir { get; } = new();

    /// <summary>The event store of the test's database: a new database on the first call, the same one again after.</summary>
    protected abstract Task<IEventStore> OpenEventStoreAsync(TimeProvider time);

    /// <summary>The cycle store on the test's database (its event store is open).</summary>
    protected abstract Task<ICycleStore> OpenCycleStoreAsync(CancellationToken ct);

    public Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var d in Enumerable.Reverse(_open)) await d.DisposeAsync();
        Dir.Dispose();
    }

    /// <summary>Opens the database and onboards two experts (inside the test, so a backend without a server skips).</summary>
    private async Task<KnowledgeService> StartAsync()
    {
        if (_service is not null) return _service;
        var store = await OpenEventStoreAsync(_time);
        _open.Add(store);
        _service = new KnowledgeService(store, _time);
        await _service.OnboardAsync("demo", new OnboardExpert("dmitriy", "Дмитрий", "Backend Developer", Tags: ["kafka"]), "manual:test", default);
        await _service.OnboardAsync("demo", new OnboardExpert("ivan", "Иван", "Team Lead"), "manual:test", default);
        return _service;
    }

    private async Task<CycleRunner> Runner(CycleOptions? options = null, string holder = "server-a", KnowledgeService? service = null)
    {
        var started = await StartAsync();
        var runner = await CycleRunner.OpenAsync(service ?? started, new CycleStorage(OpenCycleStoreAsync, Dir.File("cycle")),
            options ?? new CycleOptions { OutputFolder = Dir.File("out") }, ProgramCatalog.Builtin, _time, NullLogger.Instance, default, holder);
        _open.Add(runner);
        return runner;
    }

    private async Task Learn(string id, DateTimeOffset at, Outcome outcome = Outcome.Success, string knowledge = "Лаг Kafka по партициям")
    {
        var report = new TaskReport(id, "Task " + id, "", at, 30,
            [new Participant(new ExpertRef("dmitriy", null, null), outcome, 0, [], [], [knowledge], [new ProblemSolution("p-" + id, "fix")], [], [])],
            [], false, ReportFormats.Native);
        await (await StartAsync()).LearnAsync("demo", report, false, default);
    }

    private async Task<List<KnowledgeEvent>> Events(string slug) => [.. (await (await StartAsync()).HistoryAsync("demo", slug, default)).Select(e => e.Event)];

    [SkippableFact]
    public async Task A_first_tick_runs_each_job_for_its_latest_occurrence_and_a_second_tick_finds_nothing_due()
    {
        var runner = await Runner();
        var first = await runner.Cycle.TickAsync(null, false, default);
        // At Monday 05:30: feeds (05:00) ran today; daily (06:00) last ran Sunday; weekly (Monday 07:00) a week ago.
        var byJob = first.Jobs.ToDictionary(j => j.Job);
        Assert.Equal([new DateTimeOffset(2026, 3, 2, 5, 0, 0, TimeSpan.Zero)], byJob["feeds"].Occurrences);
        Assert.Equal([new DateTimeOffset(2026, 3, 1, 6, 0, 0, TimeSpan.Zero)], byJob["daily"].Occurrences);
        Assert.Equal([new DateTimeOffset(2026, 2, 23, 7, 0, 0, TimeSpan.Zero)], byJob["weekly"].Occurrences);
        Assert.All(first.Jobs, j => Assert.Equal(JobStatus.Ran, j.Status));
        var second = await runner.Cycle.TickAsync(null, false, default);
        Assert.All(second.Jobs, j => Assert.Equal(JobStatus.NotDue, j.Status));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.Zero), await runner.Cycle.NextDueAsync(default));
    }

    [SkippableFact]
    public async Task The_daily_job_refreshes_the_configured_guidance_files_only_when_their_block_changed()
    {
        var options = new CycleOptions { OutputFolder = Dir.File("out") };
        options.Teams["demo"] = new TeamFeedOptions
        {
            Guidance =
            [
                new GuidanceFileOptions { Expert = "dmitriy", Out = "AGENTS.md" },
                new GuidanceFileOptions { Expert = "all", Dir = "rules", Ext = ".mdc" },
            ],
        };
        var runner = await Runner(options);
        var agents = Path.Combine(runner.OutputFolder, "AGENTS.md");
        Directory.CreateDirectory(runner.OutputFolder);
        await File.WriteAllTextAsync(agents, "# Our project\n\nHand-written rules stay.\n");

        var first = Assert.Single((await runner.Cycle.TickAsync(["daily"], false, default)).Jobs);
        Assert.Contains(first.Lines, l => l.Text.EndsWith(": demo: guidance files 3 rewritten, 0 unchanged", StringComparison.Ordinal));
        Assert.StartsWith("# Our project\n\nHand-written rules stay.\n\n<!-- kos:begin dmitriy -->", await File.ReadAllTextAsync(agents), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(runner.OutputFolder, "rules", "ivan.mdc")));

        // Nothing new: no file is written at all (same bytes, same modification time).
        var files = new[] { agents, Path.Combine(runner.OutputFolder, "rules", "dmitriy.mdc"), Path.Combine(runner.OutputFolder, "rules", "ivan.mdc") };
        var before = files.Select(f => (File.ReadAllBytes(f), File.GetLastWriteTimeUtc(f))).ToList();
        _time.Advance(TimeSpan.FromDays(1));
        var second = Assert.Single((await runner.Cycle.TickAsync(["daily"], true, default)).Jobs);
        Assert.Contains(second.Lines, l => l.Text.EndsWith(": demo: guidance files 0 rewritten, 3 unchanged", StringComparison.Ordinal));
        Assert.All(files.Zip(before), f =>
        {
            Assert.Equal(f.Second.Item1, File.ReadAllBytes(f.First));
            Assert.Equal(f.Second.Item2, File.GetLastWriteTimeUtc(f.First));
        });

        // dmitriy learns: his two files change, ivan's does not.
        await Learn("T-1", _time.GetUtcNow().AddHours(-1), knowledge: "Consumer lag alerts need a per-partition threshold");
        _time.Advance(TimeSpan.FromDays(1));
        var third = Assert.Single((await runner.Cycle.TickAsync(["daily"], true, default)).Jobs);
        Assert.Contains(third.Lines, l => l.Text.EndsWith(": demo: guidance files 2 rewritten, 1 unchanged", StringComparison.Ordinal));
        Assert.Contains("Consumer lag alerts need a per-partition threshold", await File.ReadAllTextAsync(agents), StringComparison.Ordinal);
        Assert.Equal(before[2].Item1, File.ReadAllBytes(files[2]));
    }

    [Fact]
    public void A_guidance_target_that_names_neither_a_file_nor_all_with_a_directory_is_refused_by_name()
    {
        var options = new CycleOptions();
        options.Teams["demo"] = new TeamFeedOptions { Guidance = [new GuidanceFileOptions { Expert = "all", Out = "AGENTS.md" }] };

        var error = Assert.Throws<InputException>(options.Validate);

        Assert.StartsWith("Cycle:Teams:demo:Guidance:0: Expert 'all' needs Dir", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Missed_days_are_caught_up_after_downtime_each_with_its_own_digest()
    {
        var runner = await Runner();
        await runner.Cycle.TickAsync(["daily"], false, default);
        // Each report is learned (recorded) when it completes: digests hold what was recorded in their window (docs/TIME.md).
        _time.SetUtcNow(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
        await Learn("T-1", _time.GetUtcNow());
        _time.SetUtcNow(new DateTimeOffset(2026, 3, 4, 12, 0, 0, TimeSpan.Zero));
        await Learn("T-2", _time.GetUtcNow());
        // Down from Monday 05:30 to Thursday 09:00: the daily runs of 2, 3, 4 and 5 March were missed.
        _time.SetUtcNow(new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.Zero));
        var report = await runner.Cycle.TickAsync(["daily"], false, default);
        var daily = Assert.Single(report.Jobs);
        Assert.Equal([2, 3, 4, 5], daily.Occurrences.Select(o => o.Day));
        var runs = await runner.Store.RunsAsync("daily", default);
        Assert.Equal([1, 2, 3, 4, 5], runs.Select(r => r.Occurrence.Day));
        // Each digest covers what was recorded in the 24 h before its occurrence: T-1 (2 March 12:00) is in the digest of 3 March only.
        var digest3 = await File.ReadAllTextAsync(Path.Combine(runner.OutputFolder, "digests", "demo", "2026-03-03.md"));
        // The digest is in the team's language: the demo team writes Russian.
        Assert.Contains("задача: Task T-1 — успех", digest3);
        Assert.Contains("За этот период ничего нового не записано.", await File.ReadAllTextAsync(Path.Combine(runner.OutputFolder, "digests", "demo", "2026-03-04.md")));
        Assert.Contains("задача: Task T-2 — успех", await File.ReadAllTextAsync(Path.Combine(runner.OutputFolder, "digests", "demo", "2026-03-05.md")));
        Assert.True(File.Exists(Path.Combine(runner.OutputFolder, "digests", "demo", "2026-03-05.json")));
    }

    [SkippableFact]
    public async Task A_long_downtime_is_caught_up_only_as_far_as_max_catch_up_and_says_what_it_skipped()
    {
        var runner = await Runner(new CycleOptions { OutputFolder = Dir.File("out"), MaxCatchUp = 3 });
        await runner.Cycle.TickAsync(["daily"], false, default);
        _time.Advance(TimeSpan.FromDays(10));
        var daily = Assert.Single((await runner.Cycle.TickAsync(["daily"], false, default)).Jobs);
        Assert.Equal(3, daily.Occurrences.Count);
        Assert.Contains(daily.Lines, l => l.Text.Contains("7 missed occurrences", StringComparison.Ordinal) && l.Text.Contains("MaxCatchUp = 3", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Two_servers_on_one_database_run_each_period_once()
    {
        // Two runners with their own store connections, as two server processes would have.
        await StartAsync();
        var other = await OpenEventStoreAsync(_time);
        _open.Add(other);
        var a = await Runner(holder: "server-a");
        var b = await Runner(holder: "server-b", service: new KnowledgeService(other, _time));
        await Learn("T-1", Monday.AddHours(-30));
        for (var day = 0; day < 3; day++)
        {
            // On the thread pool, so the two ticks really race for the leases.
            var ticks = await Task.WhenAll(Task.Run(() => a.Cycle.TickAsync(null, false, default)), Task.Run(() => b.Cycle.TickAsync(null, false, default)));
            foreach (var job in new[] { "daily", "feeds" })
            {
                // Exactly one of the two ran it; the other found it held or already done.
                var statuses = ticks.Select(t => t.Jobs.Single(j => j.Job == job).Status).Order().ToList();
                Assert.Contains(JobStatus.Ran, statuses);
                Assert.Single(statuses, s => s == JobStatus.Ran);
            }
            _time.Advance(TimeSpan.FromDays(1));
        }
        var runs = await a.Store.RunsAsync("daily", default);
        Assert.Equal(runs.Count, runs.Select(r => r.Occurrence).Distinct().Count());
        Assert.Equal(3, runs.Count);
        // The level was decided once: one LevelReached per expert, not one per server.
        Assert.Single((await Events("dmitriy")).OfType<LevelReached>());
        Assert.Single((await Events("ivan")).OfType<LevelReached>());
    }

    [SkippableFact]
    public async Task A_job_whose_lease_another_runner_holds_is_left_to_it_until_the_lease_expires()
    {
        var runner = await Runner();
        Assert.True(await runner.Store.TryAcquireLeaseAsync("cycle:daily", "crashed-server", _time.GetUtcNow(), TimeSpan.FromMinutes(10), default));
        var held = Assert.Single((await runner.Cycle.TickAsync(["daily"], false, default)).Jobs);
        Assert.Equal(JobStatus.Held, held.Status);
        _time.Advance(TimeSpan.FromMinutes(11));
        var ran = Assert.Single((await runner.Cycle.TickAsync(["daily"], false, default)).Jobs);
        Assert.Equal(JobStatus.Ran, ran.Status);
    }

    [SkippableFact]
    public async Task The_daily_job_records_level_changes_as_events_with_their_reason()
    {
        var runner = await Runner();
        await runner.Cycle.TickAsync(["daily"], false, default);
        var first = Assert.Single((await Events("dmitriy")).OfType<LevelReached>());
        Assert.Equal((1, 0, "cycle:daily"), (first.Level, first.Previous, first.Source));
        for (var i = 1; i <= 3; i++) await Learn($"T-{i}", Monday.AddDays(i), knowledge: $"k{i}");
        _time.Advance(TimeSpan.FromDays(4));
        await runner.Cycle.TickAsync(["daily"], false, default);
        var levels = (await Events("dmitriy")).OfType<LevelReached>().ToList();
        Assert.Equal([1, 2], levels.Select(l => l.Level));
        Assert.Equal("★★☆☆☆ — 3 tasks, 100% successful, 3 problems solved", levels[1].Reason);
        Assert.Equal(Monday.AddDays(3), levels[1].At);
        // A forced run on an unchanged state records nothing more.
        await runner.Cycle.TickAsync(["daily"], true, default);
        Assert.Equal(2, (await Events("dmitriy")).OfType<LevelReached>().Count());
    }

    [SkippableFact]
    public async Task The_weekly_job_writes_the_ranking_with_the_change_since_the_week_before()
    {
        var runner = await Runner();
        await runner.Cycle.TickAsync(["weekly"], false, default);
        // Recorded on Tuesday, so the state as of the week before (2 March 07:00) does not have it.
        _time.Advance(TimeSpan.FromDays(1));
        await Learn("T-1", Monday.AddDays(1));
        _time.SetUtcNow(new DateTimeOffset(2026, 3, 9, 9, 0, 0, TimeSpan.Zero));
        var weekly = Assert.Single((await runner.Cycle.TickAsync(["weekly"], false, default)).Jobs);
        // The first tick ran the week of 23 February; this one catches up 2 March and runs 9 March.
        Assert.Equal([2, 9], weekly.Occurrences.Select(o => o.Day));
        var md = await File.ReadAllTextAsync(Path.Combine(runner.OutputFolder, "reports", "demo", "weekly-2026-03-09.md"));
        Assert.Contains("| Дмитрий (`dmitriy`) |", md);
        Assert.Matches(@"Дмитрий \(`dmitriy`\) \| Backend Developer \| \d+% \(\d+/26\) \| ★☆☆☆☆ \| \+\d+ \|", md);
        Assert.True(File.Exists(Path.Combine(runner.OutputFolder, "reports", "demo", "weekly-2026-03-09.svg")));
    }

    [SkippableTheory]
    [InlineData("Daily", "0 6 * *", "Cycle:Daily: '0 6 * *' is not a valid cron expression")]
    [InlineData("Weekly", "every monday", "Cycle:Weekly: 'every monday' is not a valid cron expression")]
    [InlineData("TimeZone", "Mars/Olympus", "Cycle:TimeZone 'Mars/Olympus' is not a known time zone")]
    public async Task A_bad_schedule_is_refused_before_anything_runs(string setting, string value, string expected)
    {
        var options = new CycleOptions();
        typeof(CycleOptions).GetProperty(setting)!.SetValue(options, value);
        var ex = await Assert.ThrowsAsync<InputException>(() => Runner(options));
        Assert.Contains(expected, ex.Message);
        var file = Dir.Write("cycle.json", $$"""{ "Cycle": { "{{setting}}": "{{value}}" } }""");
        Assert.Contains(expected, Assert.Throws<InputException>(() => CycleRunner.LoadOptions(file)).Message);
    }
}

/// <summary>The cycle on a real SQLite file: events and cycle tables in one file.</summary>
public sealed class SqliteLearningCycleTests : LearningCycleTests
{
    private string Db => Dir.File("kos.db");

    /// <inheritdoc/>
    protected override async Task<IEventStore> OpenEventStoreAsync(TimeProvider time) => await SqliteEventStore.OpenAsync(Db, time, default);

    /// <inheritdoc/>
    protected override async Task<ICycleStore> OpenCycleStoreAsync(CancellationToken ct) => await SqliteCycleStore.OpenAsync(Db, ct);
}

/// <summary>The cycle on a real PostgreSQL schema (<c>KOS_TEST_POSTGRES</c>); each event or cycle store has its own pool, as servers would.</summary>
public sealed class PostgresLearningCycleTests : LearningCycleTests
{
    private readonly TestPostgres _postgres = new();
    private string? _schema;

    private PostgresStoreOptions Options => new() { Schema = _schema ??= _postgres.NewSchema() };

    /// <inheritdoc/>
    protected override async Task<IEventStore> OpenEventStoreAsync(TimeProvider time) =>
        await PostgresEventStore.OpenAsync(TestPostgres.Require(), time, Options, default);

    /// <inheritdoc/>
    protected override async Task<ICycleStore> OpenCycleStoreAsync(CancellationToken ct) =>
        await PgCycleStore.OpenAsync(TestPostgres.Require(), Options, ct);

    /// <inheritdoc/>
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}
