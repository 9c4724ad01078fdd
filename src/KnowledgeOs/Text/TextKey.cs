using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KnowledgeOs.Text;

/// <summary>
/// Identity of a piece of text: two texts with the same key are the same item.
/// NFKC, case-fold, markdown/emoji/bullet marks and surrounding punctuation stripped, whitespace collapsed.
/// </summary>
public static class TextKey
{
    /// <summary>The normalized identity key of a text.</summary>
    public static string Of(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var normalized = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(normalized.Length);
        var pendingSpace = false;
        foreach (var rune in normalized.EnumerateRunes())
        {
            if (IsDropped(rune)) continue;
            if (Rune.IsWhiteSpace(rune) || rune.Value is '_' or '*' or '`' or '~' or '#' or '>' or '|')
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (pendingSpace) { sb.Append(' '); pendingSpace = false; }
            // Case-fold, so spelling variants are one item.
            FoldedLetters.Append(sb, rune);
        }
        return TrimPunctuation(StripBullet(sb.ToString()));
    }

    /// <summary>A short, stable id for an item: its identity family and key, hashed.</summary>
    public static string ItemId(string family, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(family + "\n" + key));
        return family + "-" + Convert.ToHexStringLower(hash.AsSpan(0, 6));
    }

    /// <summary>Text as it should be shown: trimmed, bullets and surrounding bold marks removed, spaces collapsed.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var t = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        // Bullet marks go; a star glued to a word is markdown emphasis (**bold**) and stays, so only "* " is a bullet.
        var start = 0;
        while (start < t.Length && (t[start] is '-' or '•' or '·' or ' ' || (t[start] == '*' && start + 1 < t.Length && t[start + 1] == ' ')))
            start++;
        t = t[start..];
        if (t.Length > 4 && t.StartsWith("**", StringComparison.Ordinal) && t.EndsWith("**", StringComparison.Ordinal)
            && t.IndexOf("**", 2, StringComparison.Ordinal) == t.Length - 2)
            t = t[2..^2];
        return t.Trim();
    }

    private static bool IsDropped(Rune rune)
    {
        var category = Rune.GetUnicodeCategory(rune);
        return category switch
        {
            UnicodeCategory.OtherSymbol => true,        // emoji, ✅, ★
            UnicodeCategory.NonSpacingMark => rune.Value is 0xFE0F or 0xFE0E or 0x20E3,
            UnicodeCategory.Format => true,             // zero-width joiners, BOM
            UnicodeCategory.Control => true,
            UnicodeCategory.Surrogate => true,
            UnicodeCategory.ModifierSymbol => rune.Value >= 0x1F3FB && rune.Value <= 0x1F3FF,
            _ => false,
        };
    }

    private static string StripBullet(string s)
    {
        var i = 0;
        // "- ", "* ", "• ", "1. ", "2) " at the start.
        while (i < s.Length && (s[i] is '-' or '•' or '·' or '+' || s[i] == ' ')) i++;
        var j = i;
        while (j < s.Length && char.IsAsciiDigit(s[j])) j++;
        if (j > i && j < s.Length - 1 && s[j] is '.' or ')' && s[j + 1] == ' ') i = j + 2;
        return s[i..];
    }

    private static string TrimPunctuation(string s)
    {
        static bool Trimmed(char c) => char.IsWhiteSpace(c) || c is '.' or ',' or ';' or ':' or '!' or '?' or '"' or '\'' or '«' or '»' or '“' or '”' or '-' or '—' or '–';
        var start = 0;
        var end = s.Length;
        while (start < end && Trimmed(s[start])) start++;
        while (end > start && Trimmed(s[end - 1])) end--;
        return s[start..end];
    }
}
