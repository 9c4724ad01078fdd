using System.Text.RegularExpressions;

namespace KnowledgeOs.Import.KnowledgeBase;

/// <summary>
/// A line under kos's <c>_Вычислено по записанным данным._</c> note. What kos computed there (<c>0</c>, <c>5 (80%)</c>,
/// <c>1/5 ★☆☆☆☆ — …</c>) is skipped on reading back; anything else was written in by someone else — ATRA's
/// padding script turns <c>0</c> into <c>100+</c> and adds <c>⭐⭐⭐⭐⭐ МАКСИМУМ</c> — and is kept as that file's claim.
/// </summary>
internal static partial class ComputedMetricLine
{
    /// <summary>Reads one line of the computed block: a kos figure is skipped, any other figure is a claim.</summary>
    public static void Read(KnowledgeParseState state, string text)
    {
        if (MarkdownText.TryField(text, out _, out var value) && KosFigure().IsMatch(value.Trim())) return;
        ClaimReader.Claim(state, text);
    }

    /// <summary>The shapes of <c>MarkdownRenderer</c>'s metric values: a count, a count with its rate and the unknown
    /// outcomes, or the level out of 5 with its reason.</summary>
    [GeneratedRegex(@"^(\d+(?: \(\d+%\))?(?:; [^:]+: \d+)?|[1-5]/5(?: .*)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex KosFigure();
}
