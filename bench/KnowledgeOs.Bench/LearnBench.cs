using System.Diagnostics;
using System.Globalization;
using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Rendering;
using KnowledgeOs.Sqlite;

namespace KnowledgeOs.Bench;

/// <summary>
/// Learning end to end on SQLite: parse a report, resolve participants, decide, append one commit per report
/// (synchronous=FULL), through <see cref="KnowledgeService"/> as the CLI and the server call it. Two shapes:
/// learners on disjoint experts (no conflicts) and learners all reporting on one small team (conflicts retried).
/// Then render throughput of the largest resulting knowledge base.
/// </summary>
public sealed class LearnBench : IBench
{
    /// <inheritdoc/>
    public string Name => "learn";

    /// <inheritdoc/>
    public string Description => "Task reports learned per second and p50/p99, disjoint and contended experts; render/s [--reports N] [--learners N] [--shape all|one|disjoint|team]";

    /// <inheritdoc/>
    public async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var reports = Measure.Int(args, "--reports", 2000);
        var learners = Measure.Int(args, "--learners", 16);
        IReadOnlyList<LearnShapes.Shape> shapes;
        try
        {
            shapes = LearnShapes.Select(Measure.Text(args, "--shape"), learners);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }
        Console.WriteLine($"machine: {Measure.Machine()}");
        Console.WriteLine($"reports per run: {reports}; each report: 3 participants, 2 new knowledge items, 1 problem, 1 material each");
        Console.WriteLine();
        Console.WriteLine("| shape | learners | reports | reports/s | p50 ms | p99 ms | events | rows stored/report | rows/s | CPU ms/report | KB allocated/report | conflict retries | commits/transaction | 2nd half reports/s | 2nd half CPU ms/report | JIT ms/report (methods) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var notes = new List<string>();
        foreach (var shape in shapes)
        {
            var (row, note) = await RunOnceAsync(shape.Name, shape.Learners, shape.Experts, reports, ct);
            Console.WriteLine(row);
            notes.Add(note);
        }
        Console.WriteLine();
        foreach (var note in notes) Console.WriteLine(note);
        // The same machine's ceiling, measured right after the runs so both see the same load.
        Console.WriteLine(SqliteInsertCeiling.Row(1, 3));
        Console.WriteLine(SqliteInsertCeiling.Row(256, 3));
        return 0;
    }

    // The run's table row, and what is said below the table: the rows it stored by table (and, for the disjoint shape,
    // the render rate of its largest knowledge base).
    private static async Task<(string Row, string Note)> RunOnceAsync(string shape, int learners, int expertCount, int reports, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"kos-bench-{Guid.NewGuid():N}", "kos.db");
        try
        {
            await using var store = await SqliteEventStore.OpenAsync(path, TimeProvider.System, ct);
            var service = new KnowledgeService(store, TimeProvider.System, maxConflictRetries: 50);
            for (var i = 0; i < expertCount; i++)
                await service.OnboardAsync("bench", new OnboardExpert($"e{i:000}", $"Expert {i}", "Backend Developer"), "manual:bench", ct);
            var rows0 = StoredRows.Count(path);
            var json = Enumerable.Range(0, reports).Select(n => Report(n, expertCount, learners, shape)).ToArray();
            var latencies = new double[reports];
            var next = -1;
            // CPU and allocations of the whole process over the run: meaningful even when other processes load the machine.
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated0 = GC.GetTotalAllocatedBytes(precise: true);
            var writes0 = store.WriterCounts;
            // Time the JIT spent compiling during the run (every thread): the tiered JIT's share of a short run's CPU.
            var jit0 = (System.Runtime.JitInfo.GetCompilationTime(), System.Runtime.JitInfo.GetCompiledMethodCount());
            var started = Stopwatch.GetTimestamp();
            var secondHalf = new SecondHalf(reports, () => Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.GetTimestamp);
            await Task.WhenAll(Enumerable.Range(0, learners).Select(_ => Task.Run(async () =>
            {
                int n;
                while ((n = Interlocked.Increment(ref next)) < reports)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    await service.LearnAsync("bench", ReportParser.Parse(json[n], $"report {n}"), false, ct);
                    latencies[n] = Measure.Ms(t0, Stopwatch.GetTimestamp());
                    secondHalf.Completed();
                }
            }, ct)));
            var ended = Stopwatch.GetTimestamp();
            var cpuEnd = Process.GetCurrentProcess().TotalProcessorTime;
            var seconds = Measure.Ms(started, ended) / 1000;
            var cpuMs = (cpuEnd - cpu0).TotalMilliseconds / reports;
            var (halfSeconds, halfCpuMs) = secondHalf.Measured(ended, cpuEnd, Stopwatch.Frequency);
            var jitMs = (System.Runtime.JitInfo.GetCompilationTime() - jit0.Item1).TotalMilliseconds / reports;
            var jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount() - jit0.Item2;
            var allocatedKb = (GC.GetTotalAllocatedBytes(precise: true) - allocated0) / 1024.0 / reports;
            var writes = store.WriterCounts;
            var perTransaction = (double)(writes.Commits - writes0.Commits) / Math.Max(1, writes.Transactions - writes0.Transactions);
            var events = await store.ReadAllAsync(0, ct).CountAsync(ct);
            var added = StoredRows.Added(rows0, StoredRows.Count(path)).ToList();
            var rowsPerReport = added.Sum(a => a.Added) / (double)reports;
            Array.Sort(latencies);
            var row = string.Create(CultureInfo.InvariantCulture,
                $"| {shape} | {learners} | {reports} | {reports / seconds:N0} | {Measure.Percentile(latencies, 50):0.00} | {Measure.Percentile(latencies, 99):0.00} | {events:N0} | {rowsPerReport:0.0} | {reports / seconds * rowsPerReport:N0} | {cpuMs:0.00} | {allocatedKb:N0} | {service.ConflictRetries:N0} | {perTransaction:0.00} | {secondHalf.Reports / halfSeconds:N0} | {halfCpuMs:0.00} | {jitMs:0.00} ({jitMethods:N0}) |");
            var note = $"{shape}, {learners} learner(s): rows stored per report, by table: {string.Join(", ", added.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Table} {a.Added / (double)reports:0.0}")))}";
            if (shape != "disjoint" || learners == 1) return (row, note);
            var largest = (await service.ListAsync("bench", ct)).MaxBy(s => s.State.Items.Count)!.State;
            var renders = 0;
            var r0 = Stopwatch.GetTimestamp();
            while (Measure.Ms(r0, Stopwatch.GetTimestamp()) < 2000) { MarkdownRenderer.Render(largest, RenderOptions.Default); renders++; }
            return (row, note + string.Create(CultureInfo.InvariantCulture,
                $"\nrender: {renders / 2.0:N0} renders/s of a knowledge base with {largest.Items.Count} items and {largest.Tasks.Count} tasks"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    internal static string Report(int n, int experts, int learners, string shape)
    {
        // Disjoint: each learner's reports name experts no other learner names; contended: all share 5 experts.
        var participants = Enumerable.Range(0, 3).Select(k => shape == "disjoint"
            ? (n % learners + learners * ((n / learners * 3 + k) % Math.Max(1, experts / learners))) % experts
            : (n + k) % experts).Distinct();
        var people = string.Join(",", participants.Select(p => $$"""
            { "expert": "e{{p:000}}", "newKnowledge": ["Lesson {{n % 40}} about idempotent retries", "Fact {{n}}"],
              "problems": [ { "problem": "Problem {{n % 25}}", "solution": "Solution {{n % 9}}" } ],
              "materials": ["Book {{n % 12}} - Author {{n % 5}}"] }
            """));
        return $$"""
            { "taskId": "B-{{n:00000}}", "title": "Task {{n}}", "completedAt": "2026-03-01T10:00:00Z", "outcome": "success", "participants": [ {{people}} ] }
            """;
    }
}
