using System.Collections.Concurrent;
using System.Collections.Frozen;
using KnowledgeOs.Text;

namespace KnowledgeOs.Retrieval;

/// <summary>
/// Dictionary lemmas added to the Snowball terms (docs/SEARCH.md, "Lemmas"): Hunspell's <c>ru_RU</c> and <c>en_US</c>
/// from <c>KOS_HUNSPELL_DIR</c> (default <c>/usr/share/hunspell</c>), loaded once per process, lazily, the first time
/// a word is analyzed. A word's lemma terms are the Snowball terms of its dictionary forms that differ from its own
/// term («пишу» → «писа», the term of «писать»); an index holds them as lemma keys (<see cref="Key"/>) after its terms,
/// a query tries them as extra alternatives. The parsed dictionaries are cached between processes in
/// <see cref="HunspellCache.DefaultFolder"/> (a one-shot <c>kos</c> call reads them instead of parsing). Without the dictionaries every word has no lemma and analysis is
/// Snowball alone, as before.
/// </summary>
public static class Lemmas
{
    /// <summary>Most lemma terms kept per word (an ambiguous form such as «стали» has two).</summary>
    public const int MaxPerWord = 3;

    /// <summary>Words whose lemmas are remembered; past this the rest are looked up each time.</summary>
    public const int CacheSize = 200_000;

    /// <summary>What starts a lemma key: no Snowball term or cognate key (<c>0</c> + letters) starts with two zeros.</summary>
    public const string KeyPrefix = "00";

    /// <summary>Shortest lemma kept: shorter ones («be» from "best") are more often a rule misapplied than a word.</summary>
    public const int MinLemma = 3;

    // en_US's inflections; its derivations (-er, -th, -en, -est, -ly) relate "health" to "heal" and "docker" to "dock".
    private static readonly FrozenSet<string> EnglishInflections = new[] { "s", "es", "ies", "d", "ed", "ied", "ing" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly ConcurrentDictionary<string, WordLemmas> Cache = new(StringComparer.Ordinal);
    private static readonly LemmaLoader Source = new(
        Environment.GetEnvironmentVariable("KOS_HUNSPELL_DIR") is { Length: > 0 } set ? set : "/usr/share/hunspell", source => Chosen?.Invoke(source),
        HunspellCache.DefaultFolder());

    /// <summary>Raised once, when the dictionaries have been looked for, with what analysis is in use (kos writes it on stderr, the server logs it).</summary>
    public static event Action<LemmaSource>? Chosen;

    /// <summary>The dictionaries in use (loads them on first use).</summary>
    public static LemmaSource Current => Source.Value;

    /// <summary>The lemma key an index holds for a lemma term.</summary>
    public static string Key(string term) => KeyPrefix + term;

    /// <summary>
    /// A word's lemmas: the Snowball terms of its dictionary forms other than its own term (<see cref="WordLemmas.Other"/>),
    /// and whether the dictionary knows the word at all (<see cref="WordLemmas.Known"/>).
    /// </summary>
    public static WordLemmas Of(AnalyzedWord word)
    {
        var source = Source.Value;
        if (!source.Loaded) return WordLemmas.None;
        if (Cache.TryGetValue(word.Word, out var cached)) return cached;
        var found = Lookup(source, word);
        if (Cache.Count < CacheSize) Cache.TryAdd(word.Word, found);
        return found;
    }

    private static WordLemmas Lookup(LemmaSource source, AnalyzedWord word)
    {
        var latin = word.Word.Length > 0 && word.Word[0] is >= 'a' and <= 'z';
        var dictionary = word.Word.Length == 0 ? null : word.Word[0] is >= 'а' and <= 'я' ? source.Russian : latin ? source.English : null;
        if (dictionary is null) return WordLemmas.None;
        var lemmas = dictionary.Lemmas(word.Word, latin ? EnglishInflections : null);
        if (lemmas.Count == 0) return WordLemmas.None;
        var other = lemmas.Where(l => l.Length >= MinLemma).Select(TextAnalyzer.Stem).Where(t => t != word.Term)
            .Distinct(StringComparer.Ordinal).Take(MaxPerWord).ToArray();
        return new WordLemmas(true, other);
    }
}

/// <summary>A word's lemma terms other than its own term, and whether the dictionary knows the word.</summary>
/// <param name="Known">The dictionary has the word or a lemma of it.</param>
/// <param name="Other">The Snowball terms of its lemmas that differ from the word's own term.</param>
public sealed record WordLemmas(bool Known, IReadOnlyList<string> Other)
{
    /// <summary>No lemma: the dictionary does not know the word, or none is loaded.</summary>
    public static readonly WordLemmas None = new(false, []);
}

/// <summary>The Hunspell dictionaries found (either may be missing) and how long loading them took.</summary>
/// <param name="Folder">Where they were looked for.</param>
/// <param name="Russian">ru_RU, or null.</param>
/// <param name="English">en_US, or null.</param>
/// <param name="Missing">The dictionaries not found there.</param>
/// <param name="LoadTime">How long looking for and loading them took.</param>
public sealed record LemmaSource(string Folder, HunspellDictionary? Russian, HunspellDictionary? English, IReadOnlyList<string> Missing, TimeSpan LoadTime)
{
    /// <summary>Why a dictionary's cache was not used or not written (empty when all went well).</summary>
    public IReadOnlyList<DictionaryCacheProblem> CacheProblems { get; init; } = [];

    /// <summary>At least one dictionary is in use.</summary>
    public bool Loaded => Russian is not null || English is not null;

    /// <summary>The dictionaries in use, as their file names (<c>ru_RU, en_US</c>).</summary>
    public string Used => string.Join(", ", new[] { Russian is null ? null : "ru_RU", English is null ? null : "en_US" }.OfType<string>());
}
