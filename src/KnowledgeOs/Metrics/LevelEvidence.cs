using System.Globalization;
using System.Text.RegularExpressions;

namespace KnowledgeOs.Metrics;

/// <summary>
/// The numbers behind an expertise level: data, not words. Documents word it in their language through
/// <c>RenderLabels.LevelLine</c>; <see cref="Stored"/> is the one fixed English form kept in
/// <see cref="Events.LevelReached.Reason"/> (stored events never change shape, so that line stays as it always was).
/// </summary>
/// <param name="Level">Level, 1–5.</param>
/// <param name="Tasks">Tasks with a known outcome.</param>
/// <param name="Rate">Share of them successful, percent (0 without tasks).</param>
/// <param name="ProblemsSolved">Active problems with a solution.</param>
public sealed partial record LevelEvidence(int Level, int Tasks, int Rate, int ProblemsSolved)
{
    /// <summary>The line stored in <c>LevelReached.Reason</c>: <c>★★★☆☆ — 14 tasks, 86% successful, 6 problems solved</c>. Not for documents.</summary>
    public string Stored => Tasks == 0
        ? $"{ExpertiseLevel.Stars(Level)} — no tasks yet"
        : string.Create(CultureInfo.InvariantCulture, $"{ExpertiseLevel.Stars(Level)} — {Tasks} tasks, {Rate}% successful, {ProblemsSolved} problems solved");

    /// <summary>Reads a stored reason back into numbers, or null when it is not in the <see cref="Stored"/> form.</summary>
    public static LevelEvidence? FromStored(int level, string reason)
    {
        if (reason.EndsWith("— no tasks yet", StringComparison.Ordinal)) return new LevelEvidence(level, 0, 0, 0);
        var m = StoredPattern().Match(reason);
        if (!m.Success) return null;
        static int N(Group g) => int.Parse(g.Value, CultureInfo.InvariantCulture);
        return new LevelEvidence(level, N(m.Groups[1]), N(m.Groups[2]), N(m.Groups[3]));
    }

    [GeneratedRegex(@"— (\d{1,9}) tasks, (\d{1,3})% successful, (\d{1,9}) problems solved$", RegexOptions.CultureInvariant)]
    private static partial Regex StoredPattern();
}
