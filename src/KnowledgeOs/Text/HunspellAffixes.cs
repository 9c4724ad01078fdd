using System.Globalization;
using System.Text;

namespace KnowledgeOs.Text;

/// <summary>
/// Reads Hunspell flags as the affix file's <c>FLAG</c> line says they are written (one character by default,
/// <c>long</c>: two characters, <c>num</c>: comma-separated numbers, <c>UTF-8</c>: one character) and gives each
/// flag one character of its own, so an entry's flags are a string and a rule's flag is one character of it.
/// </summary>
internal sealed class FlagReader
{
    private readonly string _kind;
    private readonly Dictionary<string, char> _codes = new(StringComparer.Ordinal);

    public FlagReader(IEnumerable<string> affixLines)
    {
        _kind = affixLines.Select(l => l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(p => p.Length >= 2 && p[0] == "FLAG")?[1] ?? "char";
    }

    /// <summary>The flags written in <paramref name="text"/>, one character each.</summary>
    public string Read(string text)
    {
        var flags = _kind switch
        {
            "long" => Enumerable.Range(0, text.Length / 2).Select(i => text.Substring(i * 2, 2)),
            "num" => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            _ => text.EnumerateRunes().Select(r => r.ToString()),
        };
        var codes = new StringBuilder();
        foreach (var flag in flags)
        {
            if (!_codes.TryGetValue(flag, out var code))
            {
                code = (char)(0xE000 + _codes.Count);
                _codes[flag] = code;
            }
            codes.Append(code);
        }
        return codes.ToString();
    }
}

/// <summary>
/// A suffix rule's condition, matched against the end of the lemma: characters, <c>[set]</c>, <c>[^set]</c>, and
/// <c>.</c> for any character (Hunspell's condition syntax).
/// </summary>
internal sealed class Condition
{
    private readonly (string Set, bool Negated)[] _parts;

    private Condition((string, bool)[] parts) => _parts = parts;

    public static Condition Parse(string text)
    {
        var parts = new List<(string, bool)>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '.') { parts.Add(("", true)); continue; }
            if (text[i] != '[') { parts.Add((text[i].ToString(CultureInfo.InvariantCulture), false)); continue; }
            var close = text.IndexOf(']', i);
            if (close < 0) close = text.Length;
            var negated = i + 1 < text.Length && text[i + 1] == '^';
            var from = i + (negated ? 2 : 1);
            parts.Add((text[from..Math.Max(from, close)], negated));
            i = close;
        }
        return new Condition([.. parts]);
    }

    public bool MatchesEnd(string word)
    {
        if (word.Length < _parts.Length) return false;
        var at = word.Length - _parts.Length;
        for (var i = 0; i < _parts.Length; i++)
        {
            var (set, negated) = _parts[i];
            if (set.Contains(word[at + i], StringComparison.Ordinal) == negated) return false;
        }
        return true;
    }
}
