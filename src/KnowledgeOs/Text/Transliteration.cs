using System.Text;

namespace KnowledgeOs.Text;

/// <summary>Makes ascii slugs from names in Cyrillic or Latin script (<c>Иван</c> → <c>ivan</c>).</summary>
public static class Transliteration
{
    private static readonly Dictionary<char, string> Cyrillic = new()
    {
        ['а'] = "a", ['б'] = "b", ['в'] = "v", ['г'] = "g", ['д'] = "d", ['е'] = "e", ['ё'] = "e", ['ж'] = "zh",
        ['з'] = "z", ['и'] = "i", ['й'] = "y", ['к'] = "k", ['л'] = "l", ['м'] = "m", ['н'] = "n", ['о'] = "o",
        ['п'] = "p", ['р'] = "r", ['с'] = "s", ['т'] = "t", ['у'] = "u", ['ф'] = "f", ['х'] = "kh", ['ц'] = "ts",
        ['ч'] = "ch", ['ш'] = "sh", ['щ'] = "shch", ['ъ'] = "", ['ы'] = "y", ['ь'] = "", ['э'] = "e", ['ю'] = "yu",
        ['я'] = "ya", ['і'] = "i", ['ї'] = "yi", ['є'] = "ye", ['ґ'] = "g",
    };

    /// <summary>A slug for a name: lower-case ascii letters and digits, words joined by '-'. Empty when nothing is left.</summary>
    public static string Slug(string name)
    {
        var sb = new StringBuilder();
        // Cyrillic first, on composed letters: NFD would split й into и and a breve.
        // By rune, not by char: a lone surrogate half (from an emoji) cannot be normalized and would throw.
        foreach (var composed in name.Normalize(NormalizationForm.FormC).ToLowerInvariant().EnumerateRunes())
        {
            if (composed.IsBmp && Cyrillic.TryGetValue((char)composed.Value, out var latin))
            {
                sb.Append(latin);
                continue;
            }
            foreach (var ch in composed.ToString().Normalize(NormalizationForm.FormD))
            {
                if (char.IsAsciiLetterOrDigit(ch)) sb.Append(ch);
                else if (char.GetUnicodeCategory(ch) == System.Globalization.UnicodeCategory.NonSpacingMark) continue;
                else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
            }
        }
        var slug = sb.ToString().Trim('-');
        return slug.Length > 64 ? slug[..64].TrimEnd('-') : slug;
    }

    /// <summary>
    /// A key two spellings of one name share across scripts and transliteration schemes (<c>Андрей</c>/<c>Andrey</c>,
    /// <c>Юлия</c>/<c>yuliya</c>, <c>София</c>/<c>Sofia</c>, <c>Алексей</c>/<c>alexey</c>): the slug, with the letters
    /// the schemes disagree on folded as the cognate key folds them. Empty when the name gives no slug.
    /// </summary>
    public static string NameKey(string? name) => string.IsNullOrWhiteSpace(name) ? "" : Cognates.Fold(Slug(name));
}
