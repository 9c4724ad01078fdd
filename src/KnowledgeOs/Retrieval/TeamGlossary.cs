using System.Text.RegularExpressions;
using KnowledgeOs.Experts;

namespace KnowledgeOs.Retrieval;

/// <summary>
/// A glossary learned from a team's own items: wherever an item writes a term in one script with its translation
/// in parentheses in the other — «Идемпотентность (idempotency)», "Kleppmann (Клеппман)" — the two are a pair, and
/// a query in either language finds items that wrote only one of them. Derived from the items each time the team's
/// corpus is built (so it replays with the log and needs no events of its own), in a fixed order, so the same
/// items always give the same glossary.
/// </summary>
public static partial class TeamGlossary
{
    /// <summary>Most words on either side of a pair.</summary>
    public const int MaxWords = 3;

    /// <summary>Learns the pairs the items state.</summary>
    public static Glossary Learn(IEnumerable<KnowledgeItem> items) => Of(Pairs(items));

    /// <summary>The glossary of pairs (each learned by <see cref="Pairs"/>), in a fixed order whatever order they come in.</summary>
    public static Glossary Of(IEnumerable<(string, string)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        return Glossary.Of(new SortedSet<(string, string)>(pairs).Select(p => (IReadOnlyList<string>)[p.Item1, p.Item2]), "team glossary");
    }

    /// <summary>The pairs some items state, each as (lower-case phrase, lower-case phrase) in ordinal order.</summary>
    public static IReadOnlyList<(string, string)> Pairs(IEnumerable<KnowledgeItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var pairs = new SortedSet<(string, string)>();
        foreach (var item in items)
        {
            foreach (var text in Texts(item))
            {
                // No parenthesis, no pair: the pattern's scan from every letter was most of a team's first analysis.
                if (!text.Contains('(', StringComparison.Ordinal)) continue;
                foreach (Match m in Pair().Matches(text))
                {
                    var inside = Words(m.Groups["inside"].Value);
                    var before = Words(m.Groups["before"].Value);
                    if (inside.Length is 0 or > MaxWords || before.Length == 0) continue;
                    // The words right before the parenthesis, as many as the translation has (at least one, at most three).
                    var left = before[^Math.Min(before.Length, inside.Length)..];
                    var (a, b) = (string.Join(' ', left), string.Join(' ', inside));
                    if (Script(a) is not { } sa || Script(b) is not { } sb || sa == sb) continue;
                    pairs.Add(string.CompareOrdinal(a.ToLowerInvariant(), b.ToLowerInvariant()) <= 0
                        ? (a.ToLowerInvariant(), b.ToLowerInvariant()) : (b.ToLowerInvariant(), a.ToLowerInvariant()));
                }
            }
        }
        return [.. pairs];
    }

    private static IEnumerable<string> Texts(KnowledgeItem item)
    {
        yield return item.Text;
        foreach (var solution in item.Solutions) yield return solution;
        foreach (var value in item.Fields.Values) yield return value;
    }

    private static string[] Words(string text) => text.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);

    // 'c' when every letter is Cyrillic, 'l' when every letter is Latin, null for a mix or no letter.
    private static char? Script(string text)
    {
        char? script = null;
        foreach (var c in text)
        {
            if (!char.IsLetter(c)) continue;
            var s = c is >= 'а' and <= 'я' or >= 'А' and <= 'Я' or 'ё' or 'Ё' ? 'c' : char.IsAsciiLetter(c) ? 'l' : 'o';
            if (s == 'o' || (script is not null && script != s)) return null;
            script = s;
        }
        return script;
    }

    // Up to three words, then a parenthesis holding up to three words and nothing else.
    [GeneratedRegex(@"(?<before>(?:[\p{L}][\p{L}\p{Nd}\-]*\s+){0,2}[\p{L}][\p{L}\p{Nd}\-]*)\s*\(\s*(?<inside>[\p{L}][\p{L}\p{Nd}\-]*(?:\s+[\p{L}][\p{L}\p{Nd}\-]*){0,2})\s*\)")]
    private static partial Regex Pair();
}
