using System.Diagnostics;
using KnowledgeOs.Text;

namespace KnowledgeOs.Bench;

/// <summary>
/// What loading the Hunspell dictionaries costs (issues #12/#16): per dictionary, parsing the text files as every process
/// did before the cache, building and writing the cache file, and reading it back; wall ms and bytes allocated. The first
/// run of each is cold (the JIT included), as a one-shot <c>kos</c> call meets it.
/// <c>lemmas-load [--dir /usr/share/hunspell] [--runs 3]</c>
/// </summary>
public sealed class LemmasLoadBench : IBench
{
    /// <inheritdoc/>
    public string Name => "lemmas-load";

    /// <inheritdoc/>
    public string Description => "Hunspell load: text parse vs cache build vs cache read, ms and allocations [--dir D] [--runs N]";

    /// <inheritdoc/>
    public Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var dir = Measure.Text(args, "--dir", "/usr/share/hunspell")!;
        var runs = Measure.Int(args, "--runs", 3);
        var cache = Path.Combine(Path.GetTempPath(), "kos-bench-lemmas-" + Guid.NewGuid().ToString("n")[..8]);
        Console.WriteLine("| dictionary | run | text parse ms | alloc MB | cache build+write ms | alloc MB | cache read ms | alloc MB |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        try
        {
            foreach (var name in new[] { "ru_RU", "en_US" })
            {
                for (var run = 1; run <= runs && !ct.IsCancellationRequested; run++)
                {
                    var text = Time(() => HunspellDictionary.Load(dir, name));
                    if (Directory.Exists(cache)) Directory.Delete(cache, true);
                    var build = Time(() => HunspellCache.Load(dir, name, cache, out _));
                    var read = Time(() => HunspellCache.Load(dir, name, cache, out _));
                    Console.WriteLine($"| {name} | {run}{(run == 1 ? " (cold)" : "")} | {text.Ms:F0} | {text.Mb:F0} | {build.Ms:F0} | {build.Mb:F0} | {read.Ms:F0} | {read.Mb:F1} |");
                }
            }
        }
        finally
        {
            if (Directory.Exists(cache)) Directory.Delete(cache, true);
        }
        Console.WriteLine();
        Console.WriteLine(Measure.Machine());
        return Task.FromResult(0);
    }

    private static (double Ms, double Mb) Time(Func<HunspellDictionary> load)
    {
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        GC.KeepAlive(load());
        return (Measure.Ms(start, Stopwatch.GetTimestamp()), (GC.GetAllocatedBytesForCurrentThread() - bytes) / 1e6);
    }
}
