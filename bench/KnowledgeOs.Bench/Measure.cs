using System.Diagnostics;
using System.Globalization;

namespace KnowledgeOs.Bench;

/// <summary>Shared helpers: latency percentiles, options, machine description.</summary>
public static class Measure
{
    /// <summary>The value at a percentile (0–100) of sorted samples, nearest rank.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percentile)
    {
        if (sorted.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Milliseconds between two <see cref="Stopwatch.GetTimestamp"/> values.</summary>
    public static double Ms(long start, long end) => (end - start) * 1000.0 / Stopwatch.Frequency;

    /// <summary>An integer option <c>--name N</c>, or the default.</summary>
    public static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    /// <summary>A string option <c>--name value</c>, or the default.</summary>
    public static string? Text(string[] args, string name, string? fallback = null)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    /// <summary>One line about the machine, for the results table.</summary>
    public static string Machine() =>
        $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, load {Load()}";

    /// <summary>The 1-minute load average when it can be read: other work on the machine skews every figure.</summary>
    public static string Load() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
