using System.Diagnostics.Tracing;
using System.Globalization;

/// <summary>
/// Loaded by <c>DOTNET_STARTUP_HOOKS</c> into a process under benchmark (no change to the process): every 100 ms it
/// overwrites <c>RUNTIME_PROBE_OUT</c> with one line of the runtime's cumulative counters, so a script reads the line
/// before and after a measured run and subtracts. Nothing here is installed (dotnet-counters is not): GC counts and
/// pause time, the longest single pause (from the runtime's GC events through an in-process listener), JIT-compiled
/// methods and JIT time, and the thread pool's threads and the longest queue seen. The line's fields, in order: GCs
/// of gen0, gen1, gen2; total pause ms; longest pause ms; JIT-compiled methods; JIT ms; pool threads; longest queue;
/// bytes allocated (all threads, exact: <c>GC.GetTotalAllocatedBytes(true)</c>).
/// The two "longest" start again when a file <c>RUNTIME_PROBE_OUT.reset</c> appears (the script's measured run begins).
/// With <c>RUNTIME_PROBE_TYPES=1</c> it also samples allocations by type (the runtime's GCAllocationTick, one event per
/// about 100 KB allocated) and keeps <c>RUNTIME_PROBE_OUT.types</c>: sampled KB and type name, largest first, since the
/// last reset.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        var path = Environment.GetEnvironmentVariable("RUNTIME_PROBE_OUT");
        if (string.IsNullOrEmpty(path)) return;
        var pauses = new PauseListener(Environment.GetEnvironmentVariable("RUNTIME_PROBE_TYPES") == "1");
        new Thread(() => Write(path, pauses)) { IsBackground = true, Name = "runtime-probe" }.Start();
    }

    private static void Write(string path, PauseListener pauses)
    {
        long longestQueue = 0;
        for (var tick = 0; ; tick++)
        {
            longestQueue = Math.Max(longestQueue, ThreadPool.PendingWorkItemCount);
            Thread.Sleep(10);
            if (tick % 10 != 0) continue;
            if (File.Exists(path + ".reset"))
            {
                File.Delete(path + ".reset");
                pauses.Reset();
                longestQueue = 0;
            }
            var line = string.Join(' ',
                GC.CollectionCount(0) - GC.CollectionCount(1), GC.CollectionCount(1) - GC.CollectionCount(2), GC.CollectionCount(2),
                GC.GetTotalPauseDuration().TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture),
                pauses.Longest.ToString("F1", CultureInfo.InvariantCulture),
                System.Runtime.JitInfo.GetCompiledMethodCount(),
                System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture),
                ThreadPool.ThreadCount, longestQueue, GC.GetTotalAllocatedBytes(true));
            // Written whole, then renamed over the old file: a reader never sees half a line.
            File.WriteAllText(path + ".tmp", line + "\n");
            File.Move(path + ".tmp", path, overwrite: true);
            if (pauses.SamplesTypes)
            {
                File.WriteAllLines(path + ".types.tmp", pauses.TopTypes());
                File.Move(path + ".types.tmp", path + ".types", overwrite: true);
            }
        }
    }

    /// <summary>The longest stop of the world so far: from the runtime suspending threads for a GC to restarting them.</summary>
    private sealed class PauseListener(bool samplesTypes) : EventListener
    {
        private readonly Dictionary<string, long> _sampledBytes = [];
        private long _suspended;
        private double _longest;

        public double Longest => Volatile.Read(ref _longest);

        public bool SamplesTypes => samplesTypes;

        public void Reset()
        {
            Volatile.Write(ref _longest, 0);
            lock (_sampledBytes) _sampledBytes.Clear();
        }

        public string[] TopTypes()
        {
            lock (_sampledBytes)
                return _sampledBytes.OrderByDescending(t => t.Value).Take(60).Select(t => $"{t.Value / 1024} {t.Key}").ToArray();
        }

        protected override void OnEventSourceCreated(EventSource source)
        {
            // Keyword 0x1: GC events, at Informational (suspend and restart are among them); at Verbose also the
            // allocation tick (GCAllocationTick_V4: the type of the object that crossed the ~100 KB sampling mark).
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
                EnableEvents(source, samplesTypes ? EventLevel.Verbose : EventLevel.Informational, (EventKeywords)0x1);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName is not null && e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal))
            {
                var index = e.PayloadNames?.IndexOf("TypeName") ?? -1;
                var amountIndex = e.PayloadNames?.IndexOf("AllocationAmount64") ?? -1;
                var type = index >= 0 ? e.Payload![index] as string ?? "?" : "?";
                var amount = amountIndex >= 0 ? Convert.ToInt64(e.Payload![amountIndex], CultureInfo.InvariantCulture) : 100_000;
                lock (_sampledBytes) _sampledBytes[type] = _sampledBytes.GetValueOrDefault(type) + amount;
            }
            else if (e.EventName == "GCSuspendEEBegin_V1") _suspended = e.TimeStamp.Ticks;
            else if (e.EventName == "GCRestartEEEnd_V1" && _suspended != 0)
            {
                var ms = (e.TimeStamp.Ticks - _suspended) / (double)TimeSpan.TicksPerMillisecond;
                if (ms > _longest) Volatile.Write(ref _longest, ms);
                _suspended = 0;
            }
        }
    }
}
