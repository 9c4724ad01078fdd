using System.Text;
using System.Text.Unicode;

namespace KnowledgeOs.Import;

/// <summary>
/// Repairs mojibake: UTF-8 text that was once read as Mac Roman or Windows-1252/Latin-1 and saved again, so every
/// Cyrillic letter or emoji became two to four Latin symbols (<c>–ë–ê–ó–ê</c> for <c>БАЗА</c>). Mapping the symbols back
/// to the bytes they were read from gives valid UTF-8 again; text that was never garbled does not (its bytes are not
/// valid UTF-8), which is what keeps the repair from touching honest Latin-1 text.
/// </summary>
public static class Mojibake
{
    /// <summary>Mac Roman, bytes 0x80–0xFF (Apple's mapping). Not among .NET's code pages, so written out here.</summary>
    private static readonly char[] MacRomanHigh =
    [
        '\u00C4', '\u00C5', '\u00C7', '\u00C9', '\u00D1', '\u00D6', '\u00DC', '\u00E1', '\u00E0', '\u00E2', '\u00E4', '\u00E3', '\u00E5', '\u00E7', '\u00E9', '\u00E8',
        '\u00EA', '\u00EB', '\u00ED', '\u00EC', '\u00EE', '\u00EF', '\u00F1', '\u00F3', '\u00F2', '\u00F4', '\u00F6', '\u00F5', '\u00FA', '\u00F9', '\u00FB', '\u00FC',
        '\u2020', '\u00B0', '\u00A2', '\u00A3', '\u00A7', '\u2022', '\u00B6', '\u00DF', '\u00AE', '\u00A9', '\u2122', '\u00B4', '\u00A8', '\u2260', '\u00C6', '\u00D8',
        '\u221E', '\u00B1', '\u2264', '\u2265', '\u00A5', '\u00B5', '\u2202', '\u2211', '\u220F', '\u03C0', '\u222B', '\u00AA', '\u00BA', '\u03A9', '\u00E6', '\u00F8',
        '\u00BF', '\u00A1', '\u00AC', '\u221A', '\u0192', '\u2248', '\u2206', '\u00AB', '\u00BB', '\u2026', '\u00A0', '\u00C0', '\u00C3', '\u00D5', '\u0152', '\u0153',
        '\u2013', '\u2014', '\u201C', '\u201D', '\u2018', '\u2019', '\u00F7', '\u25CA', '\u00FF', '\u0178', '\u2044', '\u20AC', '\u2039', '\u203A', '\uFB01', '\uFB02',
        '\u2021', '\u00B7', '\u201A', '\u201E', '\u2030', '\u00C2', '\u00CA', '\u00C1', '\u00CB', '\u00C8', '\u00CD', '\u00CE', '\u00CF', '\u00CC', '\u00D3', '\u00D4',
        '\uF8FF', '\u00D2', '\u00DA', '\u00DB', '\u00D9', '\u0131', '\u02C6', '\u02DC', '\u00AF', '\u02D8', '\u02D9', '\u02DA', '\u00B8', '\u02DD', '\u02DB', '\u02C7',
    ];

    /// <summary>Windows-1252 bytes 0x80–0x9F that are printable; the five it leaves undefined pass through as C1 controls, as Latin-1 decoders do.</summary>
    private static readonly (byte Byte, char Char)[] Windows1252Specials =
    [
        (0x80, '\u20AC'), (0x82, '\u201A'), (0x83, '\u0192'), (0x84, '\u201E'), (0x85, '\u2026'), (0x86, '\u2020'), (0x87, '\u2021'),
        (0x88, '\u02C6'), (0x89, '\u2030'), (0x8A, '\u0160'), (0x8B, '\u2039'), (0x8C, '\u0152'), (0x8E, '\u017D'),
        (0x91, '\u2018'), (0x92, '\u2019'), (0x93, '\u201C'), (0x94, '\u201D'), (0x95, '\u2022'), (0x96, '\u2013'), (0x97, '\u2014'),
        (0x98, '\u02DC'), (0x99, '\u2122'), (0x9A, '\u0161'), (0x9B, '\u203A'), (0x9C, '\u0153'), (0x9E, '\u017E'), (0x9F, '\u0178'),
    ];

    private static readonly Dictionary<char, byte> FromMacRoman = BuildMacRoman();
    private static readonly Dictionary<char, byte> FromWindows1252 = BuildWindows1252();

    /// <summary>The encodings a garbled text may have been read as, in the order tried.</summary>
    private static readonly (string Name, Dictionary<char, byte> Map)[] Candidates =
    [
        ("Mac Roman", FromMacRoman),
        ("Windows-1252/Latin-1", FromWindows1252),
    ];

    /// <summary>
    /// Repairs every garbled line of a text. Returns the text unchanged and null when nothing was garbled, otherwise
    /// the repaired text and a one-line account of what was done.
    /// </summary>
    public static (string Text, string? Repair) Repair(string text)
    {
        var (repaired, how, _) = RepairWithArgs(text);
        return (repaired, how);
    }

    /// <summary>
    /// <see cref="Repair"/>, with what the account is worded from: the encodings (joined with " and "), the repaired
    /// lines and the garbled lines.
    /// </summary>
    public static (string Text, string? Repair, IReadOnlyList<string> Args) RepairWithArgs(string text)
    {
        if (!HasHighChars(text)) return (text, null, []);
        var lines = text.Split('\n');
        var repaired = new bool[lines.Length];
        var garbledLines = 0;
        var used = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            if (!HasHighChars(lines[i])) continue;
            garbledLines++;
            repaired[i] = RepairLine(ref lines[i], Candidates, strict: true, used);
        }
        if (used.Count == 0) return (text, null, []);
        // Once some lines are surely garbled, a line with a single garbled letter ("с", "и") is too, by the same encoding.
        var sure = Candidates.Where(c => used.Contains(c.Name)).ToArray();
        for (var i = 0; i < lines.Length; i++)
            if (!repaired[i] && HasHighChars(lines[i])) repaired[i] = RepairLine(ref lines[i], sure, strict: false, used);
        var count = repaired.Count(r => r);
        return (string.Join('\n', lines),
            $"mojibake repaired: UTF-8 that had been read as {string.Join(" and ", used)} and saved again ({count} of {garbledLines} non-ASCII lines)",
            [string.Join(" и ", used), count.ToString(System.Globalization.CultureInfo.InvariantCulture), garbledLines.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
    }

    private static bool RepairLine(ref string line, (string Name, Dictionary<char, byte> Map)[] candidates, bool strict, SortedSet<string> used)
    {
        var changed = false;
        // Text garbled twice comes back one layer per pass.
        for (var pass = 0; pass < 3 && TryRepairLine(line, candidates, strict, out var fixedLine, out var how); pass++)
        {
            line = fixedLine;
            used.Add(how);
            changed = true;
        }
        return changed;
    }

    /// <summary>True when the line, read back as the bytes one candidate encoding would have produced, is valid UTF-8 with real multi-byte characters.</summary>
    private static bool TryRepairLine(string line, (string Name, Dictionary<char, byte> Map)[] candidates, bool strict, out string repaired, out string how)
    {
        repaired = line;
        how = "";
        string? best = null;
        var bestScore = -1;
        foreach (var (name, map) in candidates)
        {
            if (!TryToBytes(line, map, out var bytes)) continue;
            if (!Utf8.IsValid(bytes)) continue;
            if (!LooksGarbled(bytes, strict)) continue;
            var candidate = Encoding.UTF8.GetString(bytes);
            var score = candidate.Count(char.IsLetter);
            if (score > bestScore)
            {
                best = candidate;
                bestScore = score;
                how = name;
            }
        }
        if (best is null) return false;
        repaired = best;
        return true;
    }

    /// <summary>
    /// A line is surely garbled when its bytes hold at least two multi-byte UTF-8 characters, or one of three or more
    /// bytes (an emoji, a CJK character): a lone "Ã©" in honest text is not enough to rewrite it. Not strict: one will do.
    /// </summary>
    private static bool LooksGarbled(byte[] bytes, bool strict)
    {
        var multi = 0;
        var longOne = false;
        var span = bytes.AsSpan();
        while (!span.IsEmpty)
        {
            System.Buffers.OperationStatus status = Rune.DecodeFromUtf8(span, out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done) return false;
            if (consumed > 1) multi++;
            if (consumed > 2) longOne = true;
            span = span[consumed..];
        }
        return strict ? multi >= 2 || longOne : multi >= 1;
    }

    private static bool TryToBytes(string line, Dictionary<char, byte> map, out byte[] bytes)
    {
        bytes = new byte[line.Length];
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c < 0x80) bytes[i] = (byte)c;
            else if (map.TryGetValue(c, out var b)) bytes[i] = b;
            else return false;
        }
        return true;
    }

    private static bool HasHighChars(string s)
    {
        foreach (var c in s)
            if (c >= 0x80) return true;
        return false;
    }

    private static Dictionary<char, byte> BuildMacRoman()
    {
        var map = new Dictionary<char, byte>();
        for (var i = 0; i < MacRomanHigh.Length; i++) map[MacRomanHigh[i]] = (byte)(0x80 + i);
        // Older tables map a few bytes to look-alike code points; accept both.
        map.TryAdd('\u2126', 0xBD); // Ω ohm sign
        map.TryAdd('\u00A4', 0xDB); // ¤ before the euro
        map.TryAdd('\u0394', 0xC6); // Δ Greek
        map.TryAdd('\u03BC', 0xB5); // μ Greek
        map.TryAdd('\u03A0', 0xB8); // Π Greek
        map.TryAdd('\u03A3', 0xB7); // Σ Greek
        return map;
    }

    private static Dictionary<char, byte> BuildWindows1252()
    {
        var map = new Dictionary<char, byte>();
        for (var b = 0x80; b <= 0xFF; b++) map[(char)b] = (byte)b;
        foreach (var (b, c) in Windows1252Specials) map[c] = b;
        return map;
    }
}
