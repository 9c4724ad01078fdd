using System.Diagnostics;
using System.Globalization;
using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Rendering;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Server.Hosting;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Bench;

/// <summary>
/// Serving knowledge back: <c>route</c> and <c>context</c> latency through <see cref="RetrievalService"/> exactly as the
/// CLI, the API and the MCP tools call it (list the team from the SQLite store, analyze changed experts, rank), on the
/// 22 imported ATRA bases and on a generated team of 50 experts × 500 items. Also the ranking alone on a built corpus,
/// and the one-off analysis of a whole team (what the first request after a start pays).
/// </summary>
public sealed class RetrievalBench : IBench
{
    /// <inheritdoc/>
    public string Name => "retrieval";

    /// <inheritdoc/>
    public string Description => "context pack and route latency p50/p95/p99 on the ATRA bases and a generated team [--experts 50] [--items 500] [--queries 300] [--fixtures DIR]";

    /// <inheritdoc/>
    public async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var experts = Measure.Int(args, "--experts", 50);
        var items = Measure.Int(args, "--items", 500);
        var queries = Measure.Int(args, "--queries", 300);
        var fixtures = Measure.Text(args, "--fixtures") ?? FindFixtures();
        Console.WriteLine($"machine: {Measure.Machine()}");
        Console.WriteLine($"queries per row: {queries} (3–6 words each, one at a time); store: SQLite file; default budget {ContextPack.DefaultBudget} characters");
        Console.WriteLine();
        Console.WriteLine("| team | experts | items | operation | p50 ms | p95 ms | p99 ms | max ms | per s |");
        Console.WriteLine("|---|---:|---:|---|---:|---:|---:|---:|---:|");
        if (fixtures is not null && Directory.Exists(Path.Combine(fixtures, "atra", "knowledge")))
            await RunTeamAsync("ATRA (imported)", store => ImportAtraAsync(store, fixtures, ct), queries, ct);
        else
            Console.Error.WriteLine("The ATRA fixtures were not found (../shared/fixtures beside the repository); pass --fixtures DIR. Generated team only.");
        await RunTeamAsync("generated", store => GenerateAsync(store, experts, items, ct), queries, ct);
        Console.WriteLine();
        Console.WriteLine($"load after: {Measure.Load()}");
        return 0;
    }

    private static async Task RunTeamAsync(string name, Func<IEventStore, Task> load, int queries, CancellationToken ct)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"kos-bench-retrieval-{Guid.NewGuid():N}");
        try
        {
            await using var store = await SqliteEventStore.OpenAsync(Path.Combine(folder, "kos.db"), TimeProvider.System, ct);
            await load(store);
            var snapshots = await store.ListAsync(Team, ct);
            var itemCount = snapshots.Sum(s => s.State.Items.Count);
            var words = Vocabulary(snapshots);
            var tasks = Tasks(words, queries);
            var retrieval = new RetrievalService(new KnowledgeService(store, TimeProvider.System));

            // The team's language as a dashboard page, an export or MCP asks it (TeamLanguage): first over every item,
            // then again on the same states, as kos serve's caching store hands them out until an expert changes.
            var states = snapshots.Select(s => s.State).ToList();
            var counted = Stopwatch.GetTimestamp();
            TeamLanguage.Of(states);
            Row(name, snapshots.Count, itemCount, "team language, first count", [Measure.Ms(counted, Stopwatch.GetTimestamp())]);
            Row(name, snapshots.Count, itemCount, "team language again, same states", await TimeAsync(tasks, _ => Task.FromResult(TeamLanguage.Of(states))));

            // The first request analyzes every expert; later ones reuse the analysis until an expert changes.
            var cold = Stopwatch.GetTimestamp();
            await retrieval.RouteAsync(Team, tasks[0], null, 5, ct);
            Row(name, snapshots.Count, itemCount, "first route (analyzes the team)", [Measure.Ms(cold, Stopwatch.GetTimestamp())]);

            await MeasuredRowAsync(name, snapshots.Count, itemCount, "route, top 5 (service: list + rank)", tasks,
                t => retrieval.RouteAsync(Team, t, null, 5, ct));
            await MeasuredRowAsync(name, snapshots.Count, itemCount, "context pack, 3 routed experts (service)", tasks,
                t => retrieval.ContextAsync(Team, new ContextPackRequest(t), ct));
            Row(name, snapshots.Count, itemCount, "context pack, budget 20000 (service)",
                await TimeAsync(tasks, t => retrieval.ContextAsync(Team, new ContextPackRequest(t, Budget: 20_000), ct)));

            // A write to one expert, then a route: the service reads what the team's events since touched, not the team.
            var knowledge = new KnowledgeService(store, TimeProvider.System);
            var slugs = snapshots.Select(s => s.State.Slug).ToList();
            var afterWrite = new List<double>();
            var memory = new RouteMemory();
            for (var w = -AfterWriteWarmUp; w < AfterWriteSamples(queries); w++)
            {
                var task = tasks[(w + tasks.Count) % tasks.Count];
                await knowledge.AddAsync(Team, slugs[(w + slugs.Count) % slugs.Count], new AddKnowledge(SectionKind.Known, $"{task} written {w}"), $"task:W-{w}", ct);
                var measured = memory.Start();
                var started = Stopwatch.GetTimestamp();
                await retrieval.RouteAsync(Team, task, null, 5, ct);
                if (w >= 0) afterWrite.Add(Measure.Ms(started, Stopwatch.GetTimestamp()));
                if (w >= 0) memory.Stop(measured);
            }
            Row(name, snapshots.Count, itemCount, "route right after a write to one expert (service)", afterWrite);
            memory.Print(name, "route right after a write to one expert (service)");

            // The same through the store `kos serve` and `kos mcp` use: a write puts the expert's new state in its cache,
            // so the route after it reads nothing from SQLite and the new state shares the unchanged items.
            var stateCache = new StateCache(CachingEventStore.MaxStreams);
            var cached = new CachingEventStore(store, stateCache);
            var served = new RetrievalService(new KnowledgeService(cached, TimeProvider.System, states: stateCache));
            var writer = new KnowledgeService(cached, TimeProvider.System, states: stateCache);
            await served.RouteAsync(Team, tasks[0], null, 5, ct);
            var afterCachedWrite = new List<double>();
            for (var w = -AfterWriteWarmUp; w < AfterWriteSamples(queries); w++)
            {
                var task = tasks[(w + tasks.Count) % tasks.Count];
                await writer.AddAsync(Team, slugs[(w + slugs.Count) % slugs.Count], new AddKnowledge(SectionKind.Known, $"{task} served {w}"), $"task:S-{w}", ct);
                var started = Stopwatch.GetTimestamp();
                await served.RouteAsync(Team, task, null, 5, ct);
                if (w >= 0) afterCachedWrite.Add(Measure.Ms(started, Stopwatch.GetTimestamp()));
            }
            Row(name, snapshots.Count, itemCount, "route right after a write to one expert (service, kos serve's caching store)", afterCachedWrite);

            var corpus = await retrieval.CorpusAsync(Team, ct);
            await MeasuredRowAsync(name, snapshots.Count, itemCount, "route, ranking alone (built corpus)", tasks,
                t => Task.FromResult(ExpertRouting.Rank(corpus, TaskQuery.Parse(null, t), 5)));
            await MeasuredRowAsync(name, snapshots.Count, itemCount, "context pack, building alone (built corpus)", tasks,
                t => Task.FromResult(ContextPack.Build(corpus, new ContextPackRequest(t))));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private const string Team = "bench";

    // What a timed route allocates (the whole process's count: nothing else runs) and the collections during the routes,
    // figures that do not move with the machine's load as the times do.
    private sealed class RouteMemory
    {
        private readonly List<double> _megabytes = [];
        private readonly int[] _collections = new int[3];

        public (long Bytes, int Gen0, int Gen1, int Gen2) Start() =>
            (GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

        public void Stop((long Bytes, int Gen0, int Gen1, int Gen2) start)
        {
            _megabytes.Add((GC.GetTotalAllocatedBytes(precise: true) - start.Bytes) / 1e6);
            _collections[0] += GC.CollectionCount(0) - start.Gen0;
            _collections[1] += GC.CollectionCount(1) - start.Gen1;
            _collections[2] += GC.CollectionCount(2) - start.Gen2;
        }

        public void Print(string team, string operation)
        {
            _megabytes.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"<!-- {team}, {operation}: allocated per call p50 {Measure.Percentile(_megabytes, 50):0.000} MB, max {_megabytes[^1]:0.000} MB; collections during the {_megabytes.Count} calls: gen0 {_collections[0]}, gen1 {_collections[1]}, gen2 {_collections[2]} -->"));
        }
    }

    // Writes then routes not timed before the timed ones, as TimeAsync warms up the other rows: the first fold, incremental
    // analysis and corpus update after a write are JIT-compiled there, not measured (a long-lived server has them compiled).
    private const int AfterWriteWarmUp = 3;

    // Timed write-then-route pairs: 40, so p95 is not the second-slowest of a handful (each is a real append).
    private static int AfterWriteSamples(int queries) => Math.Min(queries, 40);

    // A timed row, then what each call allocated (as an HTML comment under it, as the after-write row prints it).
    private static async Task MeasuredRowAsync<T>(string team, int experts, int items, string operation, IReadOnlyList<string> tasks, Func<string, Task<T>> call)
    {
        var memory = new RouteMemory();
        Row(team, experts, items, operation, await TimeAsync(tasks, call, memory));
        memory.Print(team, operation);
    }

    private static async Task<List<double>> TimeAsync<T>(IReadOnlyList<string> tasks, Func<string, Task<T>> call, RouteMemory? memory = null)
    {
        // One warm-up pass over a few tasks so the JIT is not measured.
        foreach (var t in tasks.Take(10)) await call(t);
        var samples = new List<double>(tasks.Count);
        foreach (var t in tasks)
        {
            var measured = memory?.Start();
            var started = Stopwatch.GetTimestamp();
            await call(t);
            samples.Add(Measure.Ms(started, Stopwatch.GetTimestamp()));
            if (measured is { } m) memory!.Stop(m);
        }
        return samples;
    }

    private static void Row(string team, int experts, int items, string operation, List<double> samples)
    {
        samples.Sort();
        var mean = samples.Average();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {team} | {experts} | {items:N0} | {operation} | {Measure.Percentile(samples, 50):0.00} | {Measure.Percentile(samples, 95):0.00} | {Measure.Percentile(samples, 99):0.00} | {samples[^1]:0.00} | {1000 / mean:N0} |"));
    }

    private static async Task ImportAtraAsync(IEventStore store, string fixtures, CancellationToken ct)
    {
        var report = await new ImportService(store, TimeProvider.System).ImportAsync(Team, [Path.Combine(fixtures, "atra", "knowledge")], ct: ct);
        if (report.Failed > 0) throw new InvalidOperationException($"{report.Failed} fixture files failed to import.");
    }

    // A generated team: each expert one commit of its onboarding and items, texts drawn from a Zipf-like vocabulary.
    private static async Task GenerateAsync(IEventStore store, int experts, int items, CancellationToken ct)
    {
        var random = new Random(42);
        var at = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        SectionKind[] sections = [SectionKind.Known, SectionKind.Learned, SectionKind.Problem, SectionKind.Practice, SectionKind.BestPractice, SectionKind.Case, SectionKind.Book];
        for (var e = 0; e < experts; e++)
        {
            var role = Roles[e % Roles.Length];
            var slug = string.Create(CultureInfo.InvariantCulture, $"expert-{e:D3}");
            var events = new List<KnowledgeEvent>(ExpertDecider.Onboard(null,
                new OnboardExpert(slug, $"Expert {e}", role, "Bench", Tags: [GeneratedWords[random.Next(40)], GeneratedWords[random.Next(40)]]), "manual:bench", at));
            var state = ExpertState.Fold(null, events)!;
            for (var i = 0; i < items; i++)
            {
                var text = string.Join(' ', Enumerable.Range(0, 5 + random.Next(11)).Select(_ => Word(random)))
                    + string.Create(CultureInfo.InvariantCulture, $" {e}-{i}");
                var added = ExpertDecider.Add(state, new AddKnowledge(sections[random.Next(sections.Length)], text), $"task:B-{random.Next(2000)}", at.AddDays(random.Next(300)));
                state = ExpertState.Fold(state, added)!;
                events.AddRange(added);
            }
            await store.AppendAsync(new Commit(Team, [new StreamAppend(new StreamId(Team, slug), ExpectedVersion.NoStream, events, state)]), ct);
        }
    }

    // Zipf-like: low indexes far more often, as in real text.
    private static string Word(Random random) => GeneratedWords[(int)(GeneratedWords.Length * Math.Pow(random.NextDouble(), 2.5))];

    /// <summary>Words that occur in the team's items, to draw task texts from (so tasks match something, as real ones do).</summary>
    private static List<string> Vocabulary(IReadOnlyList<Snapshot> snapshots) =>
        [.. snapshots.SelectMany(s => s.State.Items.Values).SelectMany(i => i.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Length >= 4 && w.All(char.IsLetter)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static List<string> Tasks(IReadOnlyList<string> words, int count)
    {
        var random = new Random(7);
        return [.. Enumerable.Range(0, count).Select(_ => string.Join(' ', Enumerable.Range(0, 3 + random.Next(4)).Select(_ => words[random.Next(words.Count)])))];
    }

    private static string? FindFixtures()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "KnowledgeOs.slnx")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures"));
        return null;
    }

    private static readonly string[] Roles =
        ["Backend Developer", "Frontend Developer", "Risk Manager", "QA Engineer", "DevOps Engineer", "Data Analyst", "Security Engineer",
         "Database Engineer", "Product Manager", "Technical Writer"];

    private static readonly string[] GeneratedWords =
    [
        "retry", "idempotency", "payment", "ledger", "webhook", "latency", "index", "partition", "cache", "queue",
        "ретраи", "идемпотентность", "платёж", "леджер", "вебхук", "задержка", "индекс", "партиция", "кэш", "очередь",
        "limits", "velocity", "fraud", "scoring", "chargeback", "deployment", "kubernetes", "monitoring", "alerting", "rollback",
        "лимиты", "антифрод", "скоринг", "чарджбэк", "выкладка", "мониторинг", "алерты", "откат", "тесты", "нагрузка",
        "contract", "schema", "migration", "backup", "replica", "failover", "timeout", "circuit", "breaker", "bulkhead",
        "контракт", "схема", "миграция", "реплика", "таймаут", "транзакция", "блокировка", "согласованность", "журнал", "событие",
        "accessibility", "contrast", "layout", "typography", "tokens", "component", "render", "hydration", "bundle", "lazy",
        "pipeline", "artifact", "release", "canary", "feature", "flag", "experiment", "metric", "dashboard", "trace",
        "encryption", "secret", "rotation", "token", "oauth", "audit", "compliance", "policy", "review", "threat",
        "документация", "руководство", "пример", "справочник", "глоссарий", "обзор", "архитектура", "решение", "риск", "позиция",
    ];
}
