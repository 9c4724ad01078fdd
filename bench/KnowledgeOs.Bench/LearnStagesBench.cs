using System.Globalization;
using System.Runtime.InteropServices;
using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;

namespace KnowledgeOs.Bench;

/// <summary>
/// Where one learned report's CPU and allocations go, stage by stage: the steps <see cref="KnowledgeService.LearnAsync(string, TaskReport, bool, CancellationToken)"/>
/// takes for the bench's disjoint reports (one learner, 300 experts, states kept in memory as its write cache keeps
/// them), each timed apart with the process's CPU clock, which other processes' load does not inflate. Then the
/// same reports through the service itself on a fresh database, for the total.
/// </summary>
public sealed partial class LearnStagesBench : IBench
{
    private const int Experts = 300;

    /// <inheritdoc/>
    public string Name => "learn-stages";

    /// <inheritdoc/>
    public string Description => "CPU µs and KB allocated per learned report, stage by stage (parse, hash, resolve, decide, fold, serialize, append) [--reports N]";

    /// <inheritdoc/>
    public async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var reports = Measure.Int(args, "--reports", 2000);
        Console.WriteLine($"machine: {Measure.Machine()}");
        Console.WriteLine($"reports: {reports}, one learner, disjoint experts ({Experts}); CPU of the whole process per stage (writer thread and GC included)");
        Console.WriteLine();
        var json = Enumerable.Range(0, reports).Select(n => LearnBench.Report(n, Experts, 1, "disjoint")).ToArray();
        // A first pass of each warms the JIT (tiered compilation recompiles hot methods on a background thread).
        await StagesAsync(json[..Math.Min(300, reports)], ct);
        await ServiceAsync(json[..Math.Min(300, reports)], ct);
        var stages = await StagesAsync(json, ct);
        var service = await ServiceAsync(json, ct);
        Console.WriteLine("| stage | CPU µs/report | % of the service's | KB allocated/report |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, cpu, bytes) in stages.Rows.Append(("KnowledgeService.LearnAsync (parse included), for the total", service.CpuNs, service.Bytes)))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {cpu / 1000.0 / reports:N1} | {100.0 * cpu / service.CpuNs:0.0}% | {bytes / 1024.0 / reports:N1} |"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nsum of the stages: {stages.Rows.Sum(r => r.CpuNs) / 1000.0 / reports:N1} µs/report; conflict retries through the service: {service.Retries}"));
        return 0;
    }

    private sealed class Stages
    {
        public List<(string Name, long CpuNs, long Bytes)> Rows { get; } = [];

        private readonly Dictionary<string, int> _index = [];

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
            if (!_index.TryGetValue(name, out var i)) { i = Rows.Count; _index[name] = i; Rows.Add((name, 0, 0)); }
            Rows[i] = (name, Rows[i].CpuNs + cpu, Rows[i].Bytes + bytes);
        }
    }

    // The service's steps one by one: the decisions are the domain's own, the states are kept as the write cache keeps them.
    private static async Task<Stages> StagesAsync(string[] json, CancellationToken ct)
    {
        var stages = new Stages();
        await using var db = await TempStore.OpenAsync(ct);
        var states = await db.OnboardAsync(Experts, ct);
        var options = LearningOptions.Default;
        for (var n = 0; n < json.Length; n++)
        {
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
            await stages.TimeAsync("store append (serializes again, then queue, SQL, fsync)", () => db.Store.AppendAsync(commit, ct));
            foreach (var a in appends) states[a.Stream.Expert] = new Snapshot(a.NewState, a.ExpectedVersion + a.Events.Count);
        }
        return stages;
    }

    private static async Task<(long CpuNs, long Bytes, long Retries)> ServiceAsync(string[] json, CancellationToken ct)
    {
        await using var db = await TempStore.OpenAsync(ct);
        await db.OnboardAsync(Experts, ct);
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
