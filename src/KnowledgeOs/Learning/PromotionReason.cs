using System.Globalization;
using System.Text.RegularExpressions;

namespace KnowledgeOs.Learning;

/// <summary>
/// Why an item was promoted, as the numbers it was decided on. Stored in <see cref="Events.KnowledgePromoted.Reason"/>
/// as the English line <see cref="Stored"/> writes (stored events never change shape, so that line stays as it always
/// was); documents word it in their own language from <see cref="FromStored"/>.
/// </summary>
/// <param name="Successes">Distinct successful tasks that confirmed the item.</param>
/// <param name="Threshold">The successful tasks a promotion needed.</param>
/// <param name="OnReview">Found by the review of all items (<see cref="PromotionReview"/>), not by a report.</param>
public sealed partial record PromotionReason(long Successes, long Threshold, bool OnReview)
{
    private const string ReviewSuffix = ", found on review";

    /// <summary>The stored English line: <c>confirmed by 2 successful tasks (threshold 2)</c>, with <c>, found on review</c> from a review. Not for documents.</summary>
    public string Stored() => string.Create(CultureInfo.InvariantCulture,
        $"confirmed by {Successes} successful tasks (threshold {Threshold}){(OnReview ? ReviewSuffix : "")}");

    /// <summary>The numbers of a line <see cref="Stored"/> wrote; null for any other text (a reason written by a person or another tool).</summary>
    public static PromotionReason? FromStored(string? stored)
    {
        if (stored is null || StoredLine().Match(stored) is not { Success: true } m) return null;
        return new PromotionReason(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), m.Groups[3].Success);
    }

    [GeneratedRegex(@"^confirmed by (\d+) successful tasks \(threshold (\d+)\)(, found on review)?$", RegexOptions.CultureInvariant)]
    private static partial Regex StoredLine();
}
