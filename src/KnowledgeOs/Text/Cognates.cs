using System.Text;

namespace KnowledgeOs.Text;

/// <summary>
/// A key that a Russian word and its English cognate share, so a loanword or a name meets itself across scripts:
/// <c>идемпотентность</c> and <c>idempotency</c>, <c>латентность</c> and <c>latency</c>, <c>Клеппмана</c> and
/// <c>Kleppmann</c>, <c>транзакция</c> and <c>transaction</c>, <c>профилирование</c> and <c>profiling</c>.
/// The word is written in one rough Latin spelling (Cyrillic transliterated, then c/k/q, z/s, ph/f, w/v, y/i
/// folded and doubled letters collapsed), its ending mapped to a class shared by both languages (-ность/-ncy,
/// -ция/-tion, -ирование/-ing, -ость/-ity, -изм/-ism) or, failing that, its inflection and final vowels cut.
/// Deterministic and dictionary-free; the key only says "same spelling, maybe the same word", so it is a weaker
/// reason than a glossary pair.
/// </summary>
public static class Cognates
{
    /// <summary>The shortest base (the key without its class) that is kept: shorter ones meet too many words.</summary>
    public const int MinBase = 3;

    /// <summary>The shortest key without a suffix class: a bare short stem is too likely to meet an unrelated word.</summary>
    public const int MinPlain = 4;

    // Russian endings, transliterated, that map onto an English suffix: (Russian ending, English ending, class).
    // Longest first within each language; the class digit ends the key so "lat" from latency never meets "late".
    private static readonly (string Ending, char Class)[] RussianClasses =
    [
        ("entnostyami", '1'), ("antnostyami", '1'), ("entnostyakh", '1'), ("antnostyakh", '1'),
        ("entnostyam", '1'), ("antnostyam", '1'), ("entnostey", '1'), ("antnostey", '1'),
        ("entnostyu", '1'), ("antnostyu", '1'), ("entnosti", '1'), ("antnosti", '1'), ("entnost", '1'), ("antnost", '1'),
        ("izatsiyami", '6'), ("izatsiyakh", '6'), ("izatsiyam", '6'), ("izatsiey", '6'), ("izatsiyu", '6'), ("izatsii", '6'), ("izatsiya", '6'),
        ("tsiyami", '2'), ("tsiyakh", '2'), ("tsiyam", '2'), ("tsiey", '2'), ("tsiyu", '2'), ("tsii", '2'), ("tsiya", '2'),
        ("siyami", '2'), ("siyakh", '2'), ("siyam", '2'), ("siey", '2'), ("siyu", '2'), ("sii", '2'), ("siya", '2'),
        ("irovaniyami", '3'), ("irovaniyakh", '3'), ("irovaniem", '3'), ("irovaniya", '3'), ("irovaniyu", '3'), ("irovanii", '3'), ("irovanie", '3'),
        ("ovaniyami", '3'), ("ovaniem", '3'), ("ovaniya", '3'), ("ovaniyu", '3'), ("ovanii", '3'), ("ovanie", '3'),
        ("nostyami", '4'), ("nostyakh", '4'), ("nostyam", '4'), ("nostey", '4'), ("nostyu", '4'), ("nosti", '4'), ("nost", '4'),
        ("izmami", '5'), ("izmakh", '5'), ("izmam", '5'), ("izmom", '5'), ("izmov", '5'), ("izma", '5'), ("izmu", '5'), ("izme", '5'), ("izmy", '5'), ("izm", '5'),
    ];

    private static readonly (string Ending, char Class)[] EnglishClasses =
    [
        ("encies", '1'), ("ancies", '1'), ("ency", '1'), ("ancy", '1'),
        ("izations", '6'), ("isations", '6'), ("ization", '6'), ("isation", '6'),
        ("tions", '2'), ("tion", '2'), ("sions", '2'), ("sion", '2'),
        ("ings", '3'), ("ing", '3'),
        ("ities", '4'), ("ity", '4'),
        ("isms", '5'), ("ism", '5'),
    ];

    // Russian case and number endings (transliterated) cut before a key without a class, longest first.
    private static readonly string[] RussianEndings =
        ["iyami", "yami", "ami", "iyakh", "yakh", "akh", "iyam", "yam", "ykh", "ikh", "ogo", "ego", "omu", "emu", "ymi", "imi", "iya", "iyu", "iey", "ov", "ev", "om", "em", "am", "ey", "oy", "ym", "im", "ya", "yu", "ii"];

    private static readonly Dictionary<char, string> Cyrillic = new()
    {
        ['а'] = "a", ['б'] = "b", ['в'] = "v", ['г'] = "g", ['д'] = "d", ['е'] = "e", ['ё'] = "e", ['ж'] = "zh",
        ['з'] = "z", ['и'] = "i", ['й'] = "y", ['к'] = "k", ['л'] = "l", ['м'] = "m", ['н'] = "n", ['о'] = "o",
        ['п'] = "p", ['р'] = "r", ['с'] = "s", ['т'] = "t", ['у'] = "u", ['ф'] = "f", ['х'] = "kh", ['ц'] = "ts",
        ['ч'] = "ch", ['ш'] = "sh", ['щ'] = "shch", ['ъ'] = "", ['ы'] = "y", ['ь'] = "", ['э'] = "e", ['ю'] = "yu",
        ['я'] = "ya",
    };

    /// <summary>
    /// The cognate key of one lower-case word (letters only, Cyrillic or Latin), or null when the word is too short,
    /// mixes scripts, or has nothing a key could carry. Keys start with a digit, so they never equal a stem.
    /// </summary>
    public static string? Key(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var cyrillic = false;
        var latin = new StringBuilder(word.Length + 4);
        foreach (var c in word)
        {
            if (c is >= 'a' and <= 'z') { if (cyrillic) return null; latin.Append(c); }
            else if (Cyrillic.TryGetValue(c, out var l))
            {
                if (latin.Length > 0 && !cyrillic) return null;
                cyrillic = true;
                latin.Append(l);
            }
            else return null;
        }
        if (latin.Length < MinPlain) return null;
        var spelled = latin.ToString();
        var cls = '0';
        foreach (var (ending, c) in cyrillic ? RussianClasses : EnglishClasses)
        {
            if (spelled.Length - ending.Length >= MinBase && spelled.EndsWith(ending, StringComparison.Ordinal))
            {
                (spelled, cls) = (spelled[..^ending.Length], c);
                break;
            }
        }
        if (cls == '0')
        {
            if (cyrillic)
            {
                foreach (var ending in RussianEndings)
                    if (spelled.Length - ending.Length >= MinPlain && spelled.EndsWith(ending, StringComparison.Ordinal))
                    {
                        spelled = spelled[..^ending.Length];
                        break;
                    }
            }
            else if (spelled.EndsWith("ies", StringComparison.Ordinal) && spelled.Length > 5) spelled = spelled[..^3] + "y";
            else if (spelled.EndsWith("es", StringComparison.Ordinal) && spelled.Length > 5 && spelled[^3] is 's' or 'x' or 'z' or 'h') spelled = spelled[..^2];
            else if (spelled.EndsWith('s') && spelled.Length > 4 && spelled[^2] != 's') spelled = spelled[..^1];
        }
        var key = Fold(spelled);
        // A word without a class loses its final vowels (Kafka/Кафку, Grafana/Графане): both languages inflect there.
        if (cls == '0') key = key.TrimEnd('a', 'e', 'i', 'o', 'u');
        if (key.Length < (cls == '0' ? MinPlain : MinBase)) return null;
        return cls == '0' ? "0" + key : "0" + key + cls;
    }

    // One rough spelling for both scripts: the letters transliteration and English spelling disagree on are folded.
    internal static string Fold(string latin)
    {
        var s = latin
            .Replace("shch", "sh", StringComparison.Ordinal).Replace("kh", "h", StringComparison.Ordinal)
            .Replace("ph", "f", StringComparison.Ordinal).Replace("th", "t", StringComparison.Ordinal)
            .Replace("ck", "k", StringComparison.Ordinal).Replace("qu", "kv", StringComparison.Ordinal)
            .Replace("ts", "c", StringComparison.Ordinal).Replace("x", "ks", StringComparison.Ordinal);
        var folded = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i] switch
            {
                'c' => i + 1 < s.Length && s[i + 1] is 'e' or 'i' or 'y' ? 's' : 'k',
                'q' => 'k',
                'z' => 's',
                'w' => 'v',
                'y' => 'i',
                'j' => 'i',
                'h' => '\0',
                _ => s[i],
            };
            if (c == '\0') continue;
            // Doubled letters collapse (Kleppmann/Клеппман, docker/докер).
            if (folded.Length > 0 && folded[^1] == c) continue;
            folded.Append(c);
        }
        return folded.ToString();
    }
}
