using System.Text;

namespace KnowledgeOs.Text;

/// <summary>The case fold every key and search term shares: lower-invariant, and ё folds to е.</summary>
public static class FoldedLetters
{
    /// <summary>Appends a letter folded, through a stack buffer (no string per letter: this runs for every letter of every report).</summary>
    public static void Append(StringBuilder text, Rune letter)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lower = Rune.ToLowerInvariant(letter);
        if (lower.Value == 'ё') lower = new Rune('е');
        Span<char> utf16 = stackalloc char[2];
        text.Append(utf16[..lower.EncodeToUtf16(utf16)]);
    }
}
