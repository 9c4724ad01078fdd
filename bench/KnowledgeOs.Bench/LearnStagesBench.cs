using System.Globalization;
using System.Runtime.InteropServices;
using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;

namespace KnowledgeOs.Bench;

/// <summary>
/// Where one learned report's CPU and allocations go, stage by stage: the steps <see cref="KnowledgeService.LearnAsync(string, TaskReport, bool, CancellationToken)"/>
/// takes for the bench's disjoint reports (one learner, 300 experts unless `--experts` says fewer, states kept in memory as its write cache keeps
/// them), each timed apart with the process's CPU clock, which other processes' load does not inflate. Then the
/// same reports through the service itself on a fresh database, for the total.
/// </summary>
public sealed partial class LearnStagesBench : IBench
{
    private const int DefaultExperts = 300;

    /// <inheritdoc/>
    public string Name => "learn-stages";

    /// <inheritdoc/>
    public string Description => "CPU µs and KB allocated per learned report, stage by stage (parse, hash, resolve, decide, fold, serialize, append), over the run and its 2nd half [--reports N] [--experts N: fewer experts, longer histories] [--shape post: bench/post-report.lua's one-participant report]";

    /// <inheritdoc/>
    public async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var reports = Measure.Int(args, "--reports", 2000);
        var experts = Measure.Int(args, "--experts", DefaultExperts);
        Console.WriteLine($"machine: {Measure.Machine()}");
        Console.WriteLine($"reports: {reports}, one learner, disjoint experts ({experts}, ≈ {reports * 3 / Math.Max(1, experts)} tasks each by the end); CPU of the whole process per stage (writer thread and GC included)");
        Console.WriteLine();
        var post = Measure.Text(args, "--shape") == "post";
        var json = Enumerable.Range(0, reports).Select(n => post ? PostReport(n, experts) : LearnBench.Report(n, experts, 1, "disjoint")).ToArray();
        // A first pass of each warms the JIT (tiered compilation recompiles hot methods on a background thread).
        await StagesAsync(json[..Math.Min(300, reports)], experts, ct);
        await ServiceAsync(json[..Math.Min(300, reports)], experts, ct);
        var stages = await StagesAsync(json, experts, ct);
        var service = await ServiceAsync(json, experts, ct);
        Console.WriteLine("| stage | CPU µs/report | % of the service's | KB allocated/report |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, cpu, bytes) in stages.Rows.Append(("KnowledgeService.LearnAsync (parse included), for the total", service.CpuNs, service.Bytes)))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {cpu / 1000.0 / reports:N1} | {100.0 * cpu / service.CpuNs:0.0}% | {bytes / 1024.0 / reports:N1} |"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nsum of the stages: {stages.Rows.Sum(r => r.CpuNs) / 1000.0 / reports:N1} µs/report; conflict retries through the service: {service.Retries}"));
        // The second half alone: work that grows with the experts' histories shows as a rise over the whole run's figure.
        var late = reports - reports / 2;
        Console.WriteLine($"\n2nd half ({late} reports), CPU µs/report: " + string.Join(", ", stages.Late.Rows.Select(r =>
            string.Create(CultureInfo.InvariantCulture, $"{r.Name[..r.Name.IndexOf(' ', StringComparison.Ordinal)]} {r.CpuNs / 1000.0 / late:N1}"))));
        // What the writer did per report, from SQLite's own counters: a rise from the 1st half to the 2nd is work that grows with the histories.
        if (stages.Work is [var start, var half, var end])
        {
            var early = reports / 2;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"SQLite writer per report, 1st half / 2nd half: pages read {(half.PagesRead - start.PagesRead) / (double)early:N1} / {(end.PagesRead - half.PagesRead) / (double)late:N1}, rows changed {(half.RowsChanged - start.RowsChanged) / (double)early:N1} / {(end.RowsChanged - half.RowsChanged) / (double)late:N1}"));
        }
        return 0;
    }

    /// <summary>The report bench/post-report.lua sends (one participant, one fact, one practice) for expert <c>e{n % experts}</c>.</summary>
    private static string PostReport(int n, int experts) => $$"""
        {"taskId":"P-{{n}}","title":"Bench task {{n}}","completedAt":"2026-03-03T17:40:00Z","outcome":"success","participants":[{"expert":"e{{n % experts:000}}","errorsFixed":1,"newKnowledge":["Bench fact {{n % 20}}"],"practicesApplied":["Code review"]}]}
        """;

    private sealed class Stages
    {
        public List<(string Name, long CpuNs, long Bytes)> Rows { get; } = [];

        /// <summary>The SQLite writer's counters at the start, at the half and at the end of the run.</summary>
        public List<SqliteWriterWork> Work { get; } = [];

        private readonly Dictionary<string, int> _index = [];

        private Stages? _late;

        /// <summary>The same rows for the reports timed after <see cref="StartLate"/> only.</summary>
        public Stages Late => _late ?? new Stages();

        /// <summary>From now on every stage is also added to <see cref="Late"/>.</summary>
        public void StartLate() => _late ??= new Stages();

        /// <summary>Runs one stage and adds its CPU and allocations to its row.</summary>
        public T Time<T>(string name, Func<T> stage)
        {
            var (cpu0, bytes0) = (ProcessCpuNs(), GC.GetTotalAllocatedBytes(precise: false));
            var result = stage();
            Add(name, ProcessCpuNs() - cpu0, GC.GetTotalAllocatedBytes(precise: false) - bytes0);
            return result;
        }

        public async Task<T> TimeAsync<T>(string name, Func<Task<T>> stage)
        {
            var (cpu0, bytes0) = (ProcessCpuNs(), GC.GetTotalAllocatedBytes(precise: false));
            var result = await stage();
            Add(name, ProcessCpuNs() - cpu0, GC.GetTotalAllocatedBytes(precise: false) - bytes0);
            return result;
        }

        private void Add(string name, long cpu, long bytes)
        {
            _late?.Add(name, cpu, bytes);
            if (!_index.TryGetValue(name, out var i)) { i = Rows.Count; _index[name] = i; Rows.Add((name, 0, 0)); }
            Rows[i] = (name, Rows[i].CpuNs + cpu, Rows[i].Bytes + bytes);
        }
    }

    // The service's steps one by one: the decisions are the domain's own, the states are kept as the write cache keeps them.
    private static async Task<Stages> StagesAsync(string[] json, int experts, CancellationToken ct)
    {
        var stages = new Stages();
        await using var db = await TempStore.OpenAsync(ct);
        var states = await db.OnboardAsync(experts, ct);
        var options = LearningOptions.Default;
        stages.Work.Add(db.Store.WriterWork);
        for (var n = 0; n < json.Length; n++)
        {
            if (n == json.Length / 2)
            {
                stages.StartLate();
                stages.Work.Add(db.Store.WriterWork);
            }
            var report = stages.Time("parse (ReportParser.Parse)", () => ReportParser.Parse(json[n], $"report {n}"));
            var hash = stages.Time("content hash (KnowledgeService.Hash)", () => KnowledgeService.Hash(report));
            var named = report.Participants.Select(p => states[p.Expert.Slug!].State).ToList();
            var resolved = stages.Time("resolve participants", () => ParticipantResolver.Resolve(named, report, false));
            var appends = new List<StreamAppend>();
            foreach (var r in resolved)
            {
                var before = states[r.Slug];
                var events = stages.Time("decide (TaskLearning.Decide)", () => TaskLearning.Decide(before.State, report, r.Participant, options));
                var after = stages.Time("fold the new state (ExpertState.Fold)", () => ExpertState.Fold(before.State, events)!);
                appends.Add(new StreamAppend(new StreamId("bench", r.Slug), before.Version, events, after));
            }
            var commit = new Commit("bench", appends, "task:" + report.TaskId, hash);
            stages.Time("serialize (PreparedCommit.From: event JSON, item rows, search terms, state JSON every 64 events)", () => PreparedCommit.From(commit, int.MaxValue));
            foreach (var a in appends)
            {
                stages.Time("  of it: event JSON (EventTypes.Serialize)", () => a.Events.Select(EventTypes.Serialize).ToList());
                stages.Time("  of it: touched items, their rows and search terms (ItemRows.Of)", () => ItemRows.Of(TouchedItems.Of(a).Present));
                stages.Time("  of it: state JSON when due (StoredState.Write)", () =>
                    SnapshotPolicy.Due(a.ExpectedVersion, a.ExpectedVersion + a.Events.Count, a.NewState) ? StoredState.Write(a.NewState) : null);
            }
            await stages.TimeAsync("store append (serializes again, then queue, SQL, fsync)", () => db.Store.AppendAsync(commit, ct));
            foreach (var a in appends) states[a.Stream.Expert] = new Snapshot(a.NewState, a.ExpectedVersion + a.Events.Count);
        }
        stages.Work.Add(db.Store.WriterWork);
        return stages;
    }

    private static async Task<(long CpuNs, long Bytes, long Retries)> ServiceAsync(string[] json, int experts, CancellationToken ct)
    {
        await using var db = await TempStore.OpenAsync(ct);
        await db.OnboardAsync(experts, ct);
        var (cpu0, bytes0) = (ProcessCpuNs(), GC.GetTotalAllocatedBytes(precise: false));
        for (var n = 0; n < json.Length; n++)
            await db.Service.LearnAsync("bench", ReportParser.Parse(json[n], $"report {n}"), false, ct);
        return (ProcessCpuNs() - cpu0, GC.GetTotalAllocatedBytes(precise: false) - bytes0, db.Service.ConflictRetries);
    }

    private sealed class TempStore : IAsyncDisposable
    {
        private readonly string _folder;

        private TempStore(string folder, SqliteEventStore store)
        {
            _folder = folder;
            Store = store;
            Service = new KnowledgeService(store, TimeProvider.System);
        }

        public SqliteEventStore Store { get; }

        public KnowledgeService Service { get; }

        public static async Task<TempStore> OpenAsync(CancellationToken ct)
        {
            var folder = Path.Combine(Path.GetTempPath(), $"kos-bench-{Guid.NewGuid():N}");
            return new TempStore(folder, await SqliteEventStore.OpenAsync(Path.Combine(folder, "kos.db"), TimeProvider.System, ct));
        }

        public async Task<Dictionary<string, Snapshot>> OnboardAsync(int experts, CancellationToken ct)
        {
            var states = new Dictionary<string, Snapshot>();
            for (var i = 0; i < experts; i++)
            {
                var written = await Service.OnboardAsync("bench", new OnboardExpert($"e{i:000}", $"Expert {i}", "Backend Developer"), "manual:bench", ct);
                states[$"e{i:000}"] = new Snapshot(written.Changes[0].State!, written.Changes[0].Version);
            }
            return states;
        }

        public async ValueTask DisposeAsync()
        {
            await Store.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }

    // CLOCK_PROCESS_CPUTIME_ID: the CPU every thread of this process used, in nanoseconds (Linux).
    private static long ProcessCpuNs() => clock_gettime(2, out var t) == 0 ? t.Seconds * 1_000_000_000 + t.Nanoseconds : 0;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int clock_gettime(int clock, out TimeSpec time);
}
