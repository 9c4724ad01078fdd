using System.Buffers;
using System.Text;

namespace KnowledgeOs.Import;

/// <summary>A file's text and how it was read.</summary>
/// <param name="Text">The text, without a byte order mark.</param>
/// <param name="Encoding">The encoding it was read as (<c>UTF-8</c>, <c>UTF-16 LE</c>, <c>Windows-1251</c>…).</param>
/// <param name="Repair">What was repaired (mojibake), or null when the text was read as it was.</param>
public sealed record DecodedText(string Text, string Encoding, string? Repair)
{
    /// <summary>What the repair note is worded from (<c>CliLabels.ImportRepair</c>): encodings, repaired lines, garbled lines.</summary>
    public IReadOnlyList<string> RepairArgs { get; init; } = [];
}

/// <summary>
/// Reads the bytes of an old document whatever it was saved as: UTF-8 with or without BOM, UTF-16 LE/BE, Windows-1251,
/// KOI8-R; repairs mojibake; refuses binary files and UTF-8 with broken bytes with a message that says where.
/// </summary>
public static class TextDecoder
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static TextDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Decodes a file's bytes.</summary>
    /// <exception cref="InputException">Empty, binary, or UTF-8 with invalid byte sequences.</exception>
    public static DecodedText Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) throw new InputException("The file is empty.").WithCode(ErrorCodes.FileEmpty, "");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
            return Checked(Encoding.UTF32.GetString(bytes[4..]), "UTF-32 LE");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            return Utf8(bytes[3..], "UTF-8 with BOM", 3);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return Checked(Encoding.Unicode.GetString(bytes[2..]), "UTF-16 LE");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return Checked(Encoding.BigEndianUnicode.GetString(bytes[2..]), "UTF-16 BE");
        if (LooksUtf16(bytes, out var bigEndian))
            return Checked((bigEndian ? Encoding.BigEndianUnicode : Encoding.Unicode).GetString(bytes), bigEndian ? "UTF-16 BE" : "UTF-16 LE");
        RefuseBinary(bytes);
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return Utf8(bytes, "UTF-8", 0);

        var (valid, invalid, firstInvalid) = Utf8Stats(bytes);
        if (valid > 0 && valid >= 4 * invalid)
        {
            var line = LineAt(bytes, firstInvalid);
            throw new InputException(
                $"Invalid UTF-8 at line {line} (byte {firstInvalid:N0}): the file is UTF-8 but {invalid:N0} byte sequence(s) in it are broken. " +
                "Re-save it as UTF-8, or fix the bytes at that line; nothing was imported from it.", $"line {line}")
                .WithCode(ErrorCodes.Utf8InvalidAtLine, line.ToString(System.Globalization.CultureInfo.InvariantCulture), firstInvalid.ToString(System.Globalization.CultureInfo.InvariantCulture), invalid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return Legacy(bytes);
    }

    private static DecodedText Utf8(ReadOnlySpan<byte> bytes, string name, int offset)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            var at = offset + Math.Max(ex.Index, 0);
            throw new InputException($"Invalid UTF-8 at line {LineAt(bytes, ex.Index)} (byte {at:N0}); re-save the file as UTF-8.", "encoding", ex)
                .WithCode(ErrorCodes.Utf8InvalidAtLine, LineAt(bytes, ex.Index).ToString(System.Globalization.CultureInfo.InvariantCulture), at.ToString(System.Globalization.CultureInfo.InvariantCulture), "");
        }
        return Checked(text, name);
    }

    /// <summary>Refuses decoded text that is really binary, then repairs mojibake.</summary>
    private static DecodedText Checked(string text, string name)
    {
        var controls = 0;
        foreach (var c in text)
        {
            if (c == '\0') throw Binary("it contains NUL characters");
            if (c < 0x20 && c is not ('\t' or '\n' or '\r' or '\f' or '\v' or '\u001B')) controls++;
        }
        if (controls > 0 && controls * 100 > text.Length) throw Binary($"{controls:N0} control characters in {text.Length:N0}");
        var (repaired, how, args) = Mojibake.RepairWithArgs(text);
        return new DecodedText(repaired, name, how) { RepairArgs = args };
    }

    private static void RefuseBinary(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes[..Math.Min(bytes.Length, 64 * 1024)];
        var controls = 0;
        foreach (var b in sample)
        {
            if (b == 0) throw Binary("it contains NUL bytes");
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\f' or (byte)'\v' or 0x1B)) controls++;
            if (b == 0x7F) controls++;
        }
        if (controls > 0 && controls * 100 > sample.Length) throw Binary($"{controls:N0} control bytes in the first {sample.Length:N0}");
    }

    private static InputException Binary(string why) =>
        InputException.Of($"This is a binary file, not a text document ({why}); only Markdown or text files can be imported.", "encoding", ErrorCodes.FileBinary);

    /// <summary>UTF-16 without a BOM: ASCII-heavy text has a zero in every other byte.</summary>
    private static bool LooksUtf16(ReadOnlySpan<byte> bytes, out bool bigEndian)
    {
        bigEndian = false;
        if (bytes.Length < 4 || bytes.Length % 2 != 0) return false;
        var sample = bytes[..Math.Min(bytes.Length, 8 * 1024)];
        int evenZeros = 0, oddZeros = 0, pairs = sample.Length / 2;
        for (var i = 0; i + 1 < sample.Length; i += 2)
        {
            if (sample[i] == 0) evenZeros++;
            if (sample[i + 1] == 0) oddZeros++;
        }
        if (oddZeros * 10 >= pairs * 3 && evenZeros * 20 < pairs) return true;
        if (evenZeros * 10 >= pairs * 3 && oddZeros * 20 < pairs)
        {
            bigEndian = true;
            return true;
        }
        return false;
    }

    /// <summary>Valid multi-byte UTF-8 characters, invalid sequences, and where the first invalid one starts.</summary>
    private static (int Valid, int Invalid, int FirstInvalid) Utf8Stats(ReadOnlySpan<byte> bytes)
    {
        int valid = 0, invalid = 0, first = -1, pos = 0;
        while (pos < bytes.Length)
        {
            var status = Rune.DecodeFromUtf8(bytes[pos..], out _, out var consumed);
            if (status == OperationStatus.Done)
            {
                if (consumed > 1) valid++;
            }
            else
            {
                invalid++;
                if (first < 0) first = pos;
            }
            pos += Math.Max(consumed, 1);
        }
        return (valid, invalid, first);
    }

    /// <summary>A single-byte Cyrillic file (Windows-1251 or KOI8-R, chosen by which reads as Russian), or Windows-1252.</summary>
    private static DecodedText Legacy(ReadOnlySpan<byte> bytes)
    {
        var cp1251 = Encoding.GetEncoding(1251).GetString(bytes);
        var koi8 = Encoding.GetEncoding(20866).GetString(bytes);
        var (score1251, cyr1251) = RussianScore(cp1251);
        var (scoreKoi, cyrKoi) = RussianScore(koi8);
        var high = 0;
        foreach (var b in bytes)
            if (b >= 0x80) high++;
        if (Math.Max(cyr1251, cyrKoi) * 2 < high)
            return Checked(Encoding.GetEncoding(1252).GetString(bytes), "Windows-1252");
        return scoreKoi > score1251 ? Checked(koi8, "KOI8-R") : Checked(cp1251, "Windows-1251");
    }

    /// <summary>
    /// How Russian a text reads: lower-case Cyrillic letters count for it, a capital right after a small letter inside
    /// a word counts against it (reading KOI8-R as Windows-1251 swaps the cases, and the reverse does too).
    /// </summary>
    private static (int Score, int Cyrillic) RussianScore(string text)
    {
        int score = 0, cyrillic = 0;
        var previousLower = false;
        foreach (var c in text)
        {
            var isCyrillic = c is >= '\u0410' and <= '\u044F' or '\u0401' or '\u0451';
            if (!isCyrillic)
            {
                previousLower = false;
                continue;
            }
            cyrillic++;
            var lower = char.IsLower(c);
            if (lower) score++;
            else if (previousLower) score -= 3;
            previousLower = lower;
        }
        return (score, cyrillic);
    }

    private static int LineAt(ReadOnlySpan<byte> bytes, int offset)
    {
        if (offset < 0) return 1;
        return bytes[..Math.Min(offset, bytes.Length)].Count((byte)'\n') + 1;
    }
}
