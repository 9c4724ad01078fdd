using System.Diagnostics;
using System.Runtime.ExceptionServices;
using KnowledgeOs.Text;

namespace KnowledgeOs.Retrieval;

/// <summary>
/// Loads the Hunspell dictionaries of one folder once, the first time <see cref="Value"/> is asked for (<see cref="Lemmas"/>
/// holds the process's one instance; tests make their own). <paramref name="chosen"/> hears what was found. With a
/// <paramref name="cacheFolder"/>, the parsed entries are kept there between processes (<see cref="HunspellCache"/>).
/// </summary>
public sealed class LemmaLoader(string folder, Action<LemmaSource>? chosen = null, string? cacheFolder = null)
{
    private readonly Lazy<LemmaSource> _source = new(() => Load(folder, chosen, cacheFolder), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The dictionaries in use (loads them on first use; concurrent first callers wait for the one load).</summary>
    public LemmaSource Value => _source.Value;

    private static LemmaSource Load(string folder, Action<LemmaSource>? chosen, string? cacheFolder)
    {
        var clock = Stopwatch.StartNew();
        // Both at once (a CLI command waits for the larger, ru_RU, alone), and neither on the thread pool: while they load,
        // every first caller blocks its thread on the Lazy, and 16 writers at once would leave a pooled load no thread to
        // run on for seconds. en_US on a thread of its own, ru_RU on the caller's; synchronous reads, no continuation.
        HunspellDictionary? en = null;
        ExceptionDispatchInfo? failed = null;
        DictionaryCacheProblem? enProblem = null;
        var english = new Thread(() =>
        {
            try { en = LoadOrNull(folder, "en_US", cacheFolder, out enProblem); }
            catch (Exception ex) { failed = ExceptionDispatchInfo.Capture(ex); }
        }) { IsBackground = true, Name = "kos-hunspell-en_US" };
        english.Start();
        var ru = LoadOrNull(folder, "ru_RU", cacheFolder, out var ruProblem);
        english.Join();
        failed?.Throw();
        List<string> missing = [.. new[] { ru is null ? "ru_RU" : null, en is null ? "en_US" : null }.OfType<string>()];
        var source = new LemmaSource(folder, ru, en, missing, clock.Elapsed) { CacheProblems = [.. new[] { ruProblem, enProblem }.OfType<DictionaryCacheProblem>()] };
        chosen?.Invoke(source);
        return source;
    }

    private static HunspellDictionary? LoadOrNull(string folder, string name, string? cacheFolder, out DictionaryCacheProblem? cacheProblem)
    {
        cacheProblem = null;
        try { return cacheFolder is null ? HunspellDictionary.Load(folder, name) : HunspellCache.Load(folder, name, cacheFolder, out cacheProblem); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }
    }
}
