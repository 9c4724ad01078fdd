using System.Globalization;
using System.Text;

namespace KnowledgeOs.Text;

/// <summary>
/// A Hunspell dictionary (<c>.aff</c> + <c>.dic</c>, as Debian's <c>hunspell-ru</c> and <c>hunspell-en-us</c> install
/// them) read for one purpose: the dictionary forms (lemmas) of a word. A word's lemmas are the entries that one of the
/// entry's suffix rules turns into the word («пишу» → «писать», «индексы» → «индекс», "persons" → "person"), and the
/// word itself when it is an entry. Prefix rules are not applied on purpose: "indices" is not "dices", "unknown" is not
/// "known". Entries, suffixes and conditions are lower-cased with ё folded to е, as <c>TextAnalyzer</c> writes words.
/// Read-only once loaded, so one instance serves every thread. Chosen over Lucene.Net's Hunspell filter, which took
/// about three times as long to load ru_RU and seven times as long per word (docs/BENCHMARKS.md, "Hunspell lemmas").
/// </summary>
public sealed class HunspellDictionary
{
    private readonly HunspellEntries _entries;
    private readonly Dictionary<string, SuffixRule[]> _byAffix;
    private readonly int _longestAffix;

    private HunspellDictionary(HunspellEntries entries, List<SuffixRule> rules)
    {
        _entries = entries;
        _byAffix = rules.GroupBy(r => r.Affix, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _longestAffix = _byAffix.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max();
    }

    /// <summary>Entries (distinct lower-case words) in the dictionary.</summary>
    public int EntryCount => _entries.Count;

    /// <summary>Suffix rules read from the affix file.</summary>
    public int RuleCount => _byAffix.Values.Sum(r => r.Length);

    /// <summary>The entries came from a cache file (<see cref="HunspellCache"/>), not from parsing the <c>.dic</c> file.</summary>
    public bool FromCache => _entries is SortedEntries;

    /// <summary>Reads <c>{name}.aff</c> and <c>{name}.dic</c> from a folder, in the encoding the affix file's <c>SET</c> names.
    /// Synchronous on purpose: it runs once per process on a thread of its own (<see cref="Retrieval.LemmaLoader"/>), never
    /// on the thread pool, which its first callers may all be blocking while they wait for it.</summary>
    /// <exception cref="FileNotFoundException">Either file is missing.</exception>
    public static HunspellDictionary Load(string folder, string name)
    {
        var affix = HunspellAffixFile.Read(folder, name);
        return new HunspellDictionary(ReadEntries(affix), affix.Rules);
    }

    /// <summary>The dictionary from its parsed affix file and entries read elsewhere (a cache file).</summary>
    internal static HunspellDictionary From(HunspellAffixFile affix, HunspellEntries entries) => new(entries, affix.Rules);

    /// <summary>Parses the <c>.dic</c> file into a hash table, flags coded by the affix file's reader.</summary>
    internal static HashedEntries ReadEntries(HunspellAffixFile affix)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = new StreamReader(affix.DicPath, affix.Encoding);
        var first = true;
        while (reader.ReadLine() is { } line)
        {
            if (first)
            {
                first = false;
                if (int.TryParse(line.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out _)) continue; // the entry count
            }
            var end = line.IndexOfAny([' ', '\t']);
            var entry = end < 0 ? line : line[..end];
            if (entry.Length == 0) continue;
            var slash = entry.IndexOf('/', StringComparison.Ordinal);
            var word = Fold(slash < 0 ? entry : entry[..slash]);
            var entryFlags = slash < 0 ? "" : affix.Flags.Read(entry[(slash + 1)..]);
            entries[word] = entries.TryGetValue(word, out var had) ? had + entryFlags : entryFlags;
        }
        return new HashedEntries(entries);
    }

    /// <summary>
    /// The lemmas of one lower-case word (ё folded), the word itself first when it is an entry; empty when the
    /// dictionary does not know it. <paramref name="affixes"/>, when given, limits the suffix rules to those adding one
    /// of them (en_US's -s, -ed, -ing, not its derivations -er, -th, -est that turn "health" into "heal").
    /// </summary>
    public IReadOnlyList<string> Lemmas(string word, IReadOnlySet<string>? affixes = null)
    {
        ArgumentNullException.ThrowIfNull(word);
        List<string>? lemmas = null;
        if (_entries.Contains(word)) (lemmas ??= []).Add(word);
        for (var k = 0; k <= _longestAffix && k < word.Length; k++)
        {
            if (!_byAffix.TryGetValue(word[^k..], out var rules) || (affixes is not null && !affixes.Contains(word[^k..]))) continue;
            var stem = word[..^k];
            foreach (var rule in rules)
            {
                var lemma = rule.Strip.Length == 0 ? stem : stem + rule.Strip;
                if (!rule.Matches(lemma) || !_entries.HasFlag(lemma, rule.Flag)) continue;
                lemmas ??= [];
                if (!lemmas.Contains(lemma, StringComparer.Ordinal)) lemmas.Add(lemma);
            }
        }
        return lemmas ?? (IReadOnlyList<string>)[];
    }

    internal static List<SuffixRule> ReadSuffixes(string[] lines, FlagReader flags)
    {
        var rules = new List<SuffixRule>();
        for (var i = 0; i < lines.Length; i++)
        {
            var header = Split(lines[i]);
            // "SFX flag cross_product count", then count rules "SFX flag strip affix condition".
            if (header.Length < 4 || header[0] != "SFX" || !int.TryParse(header[3], NumberStyles.None, CultureInfo.InvariantCulture, out var count)) continue;
            var flag = flags.Read(header[1]);
            for (var n = 0; n < count && i + 1 < lines.Length; n++)
            {
                var rule = Split(lines[++i]);
                if (rule.Length < 4 || rule[0] != "SFX") continue;
                var strip = rule[2] == "0" ? "" : Fold(rule[2]);
                var affix = rule[3].Split('/')[0];
                affix = affix == "0" ? "" : Fold(affix);
                var condition = rule.Length > 4 ? Fold(rule[4]) : ".";
                rules.Add(new SuffixRule(flag, strip, affix, Condition.Parse(condition)));
            }
        }
        return rules;
    }

    private static string[] Split(string line) => line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    private static string Fold(string text) => text.ToLowerInvariant().Replace('ё', 'е');

    // The affix file's SET names the encoding of both files (ru_RU was KOI8-R for years; Debian's is UTF-8 today).
    internal static Encoding EncodingOf(byte[] affix)
    {
        foreach (var line in Encoding.Latin1.GetString(affix).Split('\n'))
        {
            var parts = Split(line.Trim());
            if (parts.Length < 2 || parts[0] != "SET") continue;
            var name = parts[1].StartsWith("ISO8859", StringComparison.OrdinalIgnoreCase) ? "ISO-8859" + parts[1][7..] : parts[1];
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            try { return Encoding.GetEncoding(name); }
            catch (ArgumentException) { return Encoding.UTF8; }
        }
        return Encoding.UTF8;
    }

    internal sealed record SuffixRule(string Flag, string Strip, string Affix, Condition Condition)
    {
        public bool Matches(string lemma) => Condition.MatchesEnd(lemma);
    }
}
