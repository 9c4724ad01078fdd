using System.Text;

namespace KnowledgeOs.Text;

/// <summary>
/// The one text policy at the input boundary, the same whatever the store (docs/LIMITS.md, "Text policy"):
/// NUL and unpaired surrogates are refused everywhere (PostgreSQL cannot store the one, no encoding can carry the
/// other); bidi controls and zero-width characters are refused in identifiers, where they make two ids look alike;
/// ordinary text is NFC-normalised so the same words typed on two keyboards are stored alike.
/// </summary>
public static class TextPolicy
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Ordinary text, checked and NFC-normalised.</summary>
    /// <exception cref="InputException">The text holds NUL or an unpaired surrogate; the message names <paramref name="field"/>.</exception>
    public static string Text(string value, string field) =>
        Check(value, identifier: false) is { } problem ? throw Refused(field, problem) : Normalize(value);

    /// <summary>An identifier (task id, slug, item id, key), checked and NFC-normalised.</summary>
    /// <exception cref="InputException">NUL, an unpaired surrogate, a bidi control or a zero-width character; the message names <paramref name="field"/>.</exception>
    public static string Identifier(string value, string field) =>
        Check(value, identifier: true) is { } problem ? throw Refused(field, problem) : Normalize(value);

    /// <summary>What is wrong with a value under the policy (e.g. <c>contains NUL (U+0000) at character 4</c>), or null when it passes.</summary>
    public static string? Violation(string value, bool identifier) => Check(value, identifier)?.Problem;

    /// <summary>What is wrong with a value under the policy, with the character and its position, or null when it passes.</summary>
    public static TextViolation? Check(string value, bool identifier)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var at = i + 1;
            if (c == '\0') return new($"contains NUL (U+0000) at character {at}", c, at);
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
                return new($"contains an unpaired surrogate (U+{(int)c:X4}) at character {at}", c, at);
            }
            if (char.IsLowSurrogate(c)) return new($"contains an unpaired surrogate (U+{(int)c:X4}) at character {at}", c, at);
            if (identifier && IsBidiControl(c)) return new($"contains a bidi control (U+{(int)c:X4}) at character {at}; identifiers may not hold one", c, at);
            if (identifier && IsZeroWidth(c)) return new($"contains a zero-width character (U+{(int)c:X4}) at character {at}; identifiers may not hold one", c, at);
        }
        return null;
    }

    /// <summary>
    /// The refusal of a text (a field of a file when <paramref name="origin"/> is given): the English message as it
    /// always was, coded <see cref="ErrorCodes.TextCharacterRefused"/>.
    /// </summary>
    public static InputException Refusal(TextViolation violation, string field, string message, string origin = "")
    {
        ArgumentNullException.ThrowIfNull(violation);
        return new InputException(message, field).WithCode(ErrorCodes.TextCharacterRefused, field, violation.CodePoint,
            violation.At.ToString(System.Globalization.CultureInfo.InvariantCulture), origin);
    }

    /// <summary>Decodes bytes as strict UTF-8 (a leading BOM dropped): a broken byte is refused, never replaced by U+FFFD.</summary>
    /// <exception cref="InputException">Invalid UTF-8; the message names <paramref name="origin"/> and the byte offset.</exception>
    public static string DecodeUtf8(ReadOnlySpan<byte> bytes, string origin)
    {
        var bom = bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        try
        {
            return StrictUtf8.GetString(bytes[bom..]);
        }
        catch (DecoderFallbackException ex)
        {
            var at = bom + Math.Max(ex.Index, 0) + 1;
            throw new InputException($"{origin}: invalid UTF-8 at byte {at:N0}; send the text as UTF-8.", origin, ex)
                .WithCode(ErrorCodes.Utf8Invalid, origin, at.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>U+202A–U+202E (embeddings, overrides), U+2066–U+2069 (isolates), U+200E/U+200F (marks).</summary>
    public static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F';

    /// <summary>U+200B–U+200D (zero-width space, non-joiner, joiner), U+2060 (word joiner), U+FEFF (BOM / zero-width no-break space).</summary>
    public static bool IsZeroWidth(char c) => c is >= '\u200B' and <= '\u200D' or '\u2060' or '\uFEFF';

    private static string Normalize(string value) => value.IsNormalized(NormalizationForm.FormC) ? value : value.Normalize(NormalizationForm.FormC);

    private static InputException Refused(string field, TextViolation problem) => Refusal(problem, field, $"Field '{field}' {problem.Problem}.");
}

/// <summary>A character the text policy refuses: what is wrong (English, as messages have it), the character and its 1-based position.</summary>
public sealed record TextViolation(string Problem, char Character, int At)
{
    /// <summary>The character as <c>U+0000</c>.</summary>
    public string CodePoint => $"U+{(int)Character:X4}";
}
