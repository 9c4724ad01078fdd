using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Text;

namespace KnowledgeOs.Import;

/// <summary>Two items that are probably one, listed for a person to decide; never merged by the importer.</summary>
/// <param name="Section">Section of the new item.</param>
/// <param name="Text">The new item's text.</param>
/// <param name="Line">Its line in the file, 0 when unknown.</param>
/// <param name="SimilarId">The id of the item it resembles.</param>
/// <param name="SimilarText">That item's text.</param>
/// <param name="Reason"><c>same words in another order</c> or <c>one word apart</c>.</param>
public sealed record NearDuplicate(SectionKind Section, string Text, int Line, string SimilarId, string SimilarText, string Reason)
{
    /// <summary>Stable machine code of <see cref="Reason"/>: <c>reordered</c> or <c>one-word-apart</c> (kept when the reason is worded).</summary>
    public string ReasonCode { get; init; } = Reason == NearDuplicates.Reordered ? "reordered" : "one-word-apart";
}

/// <summary>Finds items that differ only in word order or by one word (an insertion, a deletion or a substitution).</summary>
public static class NearDuplicates
{
    /// <summary>Same words in another order.</summary>
    public const string Reordered = "same words in another order";
    /// <summary>One word added, removed or changed.</summary>
    public const string OneWordApart = "one word apart";

    /// <summary>
    /// Compares each new item with every other active item of its identity family. Short texts are only compared for word
    /// order: "Risk metrics" and "Risk management" are one word apart but not the same thing.
    /// </summary>
    public static IReadOnlyList<NearDuplicate> Find(ExpertState state, IReadOnlyCollection<(string ItemId, int Line)> fresh)
    {
        var result = new List<NearDuplicate>();
        var reported = new HashSet<(string, string)>();
        var byFamily = state.Items.Values.Where(i => i.IsActive)
            .GroupBy(i => SectionCatalog.Get(i.Section).IdentityFamily)
            .ToDictionary(g => g.Key, g => g.Select(i => (Item: i, Words: Words(i))).ToList());
        foreach (var (id, line) in fresh)
        {
            if (!state.Items.TryGetValue(id, out var item) || !item.IsActive) continue;
            var words = Words(item);
            if (words.Length == 0) continue;
            foreach (var (other, otherWords) in byFamily[SectionCatalog.Get(item.Section).IdentityFamily])
            {
                if (other.Id == item.Id) continue;
                var reason = Compare(words, otherWords);
                if (reason is null) continue;
                var pair = string.CompareOrdinal(item.Id, other.Id) < 0 ? (item.Id, other.Id) : (other.Id, item.Id);
                if (!reported.Add(pair)) continue;
                result.Add(new NearDuplicate(item.Section, Describe(item), line, other.Id, Describe(other), reason));
            }
        }
        return result;
    }

    /// <summary>Why two word sequences look like one item, or null.</summary>
    public static string? Compare(string[] a, string[] b)
    {
        if (a.Length >= 2 && a.Length == b.Length && !a.SequenceEqual(b)
            && a.Order(StringComparer.Ordinal).SequenceEqual(b.Order(StringComparer.Ordinal), StringComparer.Ordinal))
            return Reordered;
        // A word added or dropped needs three words left; a word swapped needs four ("Security code review" and
        // "Performance code review" are two practices, "тесты с реальной базой" and "тесты с настоящей базой" one).
        if (Math.Abs(a.Length - b.Length) > 1 || Math.Min(a.Length, b.Length) < (a.Length == b.Length ? 4 : 3)) return null;
        return OneEditApart(a, b) ? OneWordApart : null;
    }

    private static bool OneEditApart(string[] a, string[] b)
    {
        if (a.Length == b.Length)
        {
            var diff = 0;
            for (var i = 0; i < a.Length && diff <= 1; i++)
                if (!string.Equals(a[i], b[i], StringComparison.Ordinal)) diff++;
            return diff == 1;
        }
        var (longer, shorter) = a.Length > b.Length ? (a, b) : (b, a);
        var skipped = false;
        for (int i = 0, j = 0; i < longer.Length; i++)
        {
            if (j < shorter.Length && string.Equals(longer[i], shorter[j], StringComparison.Ordinal)) { j++; continue; }
            if (skipped) return false;
            skipped = true;
        }
        return true;
    }

    private static string[] Words(KnowledgeItem item) =>
        ExpertDecider.IdentityText(item.Section, item.Text, item.Fields)
            .Split([' ', '—', ',', ';', '/', '(', ')'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Describe(KnowledgeItem item) =>
        item.Fields.TryGetValue(ItemFields.Author, out var author) ? $"{item.Text} - {author}" : item.Text;
}
