using System.Diagnostics;
using System.Globalization;
using KnowledgeOs.Retrieval;

namespace KnowledgeOs.Bench;

/// <summary>
/// The search bench's <c>--ranked</c> first-search figures: the first search through <c>RankedSearch</c> (what reads the
/// team for usefulness and task hits), timed, and the process's memory after it — the managed heap it added after a full
/// collection, the GC heap and the working set.
/// </summary>
internal static class SearchBenchRanked
{
    /// <summary>Times the first ranked search of the team and measures what it keeps.</summary>
    public static async Task<string> FirstSearchAsync(ISearchIndex ranked, string team, string question, CancellationToken ct)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var started = Stopwatch.GetTimestamp();
        var found = await ranked.SearchAsync(new SearchQuery(team, question), ct);
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return string.Create(CultureInfo.InvariantCulture,
            $"|  | ranked first search {ms:0} ms ({found.Count} hits), managed heap kept +{(after - before) / 1048576.0:0} MB; GC heap {after / 1048576.0:0} MB, working set {process.WorkingSet64 / 1048576.0:0} MB | | | | | | | | |");
    }
}
