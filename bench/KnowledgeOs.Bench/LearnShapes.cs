namespace KnowledgeOs.Bench;

/// <summary>
/// The shapes the learn bench runs, in order: one learner, learners on disjoint experts, learners on one team of 5.
/// <c>--shape</c> runs one alone, so a profile of one learner holds no other shape's samples.
/// </summary>
public static class LearnShapes
{
    /// <summary>A shape: its key on the command line, its name in the table, its learners and the experts they report on.</summary>
    public sealed record Shape(string Key, string Name, int Learners, int Experts);

    /// <summary>The shapes to run: all three when <paramref name="only"/> is null or <c>all</c>, else the one it names.</summary>
    /// <exception cref="ArgumentException">When <paramref name="only"/> names no shape.</exception>
    public static IReadOnlyList<Shape> Select(string? only, int learners)
    {
        Shape[] all = [new("one", "disjoint", 1, 300), new("disjoint", "disjoint", learners, 300), new("team", "one team of 5", learners, 5)];
        if (only is null or "all") return all;
        return all.Where(s => s.Key == only).ToArray() is [var shape]
            ? [shape]
            : throw new ArgumentException($"--shape: expected all, {string.Join(", ", all.Select(s => s.Key))}; got '{only}'", nameof(only));
    }
}

/// <summary>
/// The figures of a run's second half: the reports completed after half of them were done, their wall time and the
/// process's CPU over it. In a short run the tiered JIT still compiles hot methods during the first reports (a third of
/// the process's CPU in a 1,000-report run); the second half shows the steady state beside the whole run's figure.
/// With many learners the reports in flight at the mark straddle it, so it is an estimate there.
/// </summary>
/// <param name="reports">Reports in the run.</param>
/// <param name="cpu">The process's CPU time so far.</param>
/// <param name="clock">A timestamp (e.g. <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</param>
public sealed class SecondHalf(int reports, Func<TimeSpan> cpu, Func<long> clock)
{
    private readonly int _mark = reports - reports / 2;
    private int _done;
    private long _startedAt;
    private TimeSpan _cpuAtStart;

    /// <summary>Reports in the second half.</summary>
    public int Reports => reports / 2;

    /// <summary>A report is done; the one that completes the first half starts the second.</summary>
    public void Completed()
    {
        if (Interlocked.Increment(ref _done) != _mark) return;
        _cpuAtStart = cpu();
        _startedAt = clock();
    }

    /// <summary>The second half's wall seconds and CPU ms per report, at the run's end.</summary>
    public (double Seconds, double CpuMsPerReport) Measured(long now, TimeSpan cpuNow, long ticksPerSecond) =>
        ((double)(now - _startedAt) / ticksPerSecond, (cpuNow - _cpuAtStart).TotalMilliseconds / Math.Max(1, Reports));
}
