using System.Globalization;
using System.Text;
using KnowledgeOs.Text;
using Lucene.Net.Tartarus.Snowball;
using Lucene.Net.Tartarus.Snowball.Ext;

namespace KnowledgeOs.Retrieval;

/// <summary>
/// Turns Russian and English text into search terms: words split on anything that is not a letter or digit,
/// lower-cased (ё folds to е), stop words dropped, each word reduced to its Snowball stem (Russian for Cyrillic
/// words, English for Latin ones), so «ретраи»/«ретраев» and "retries"/"retrying" meet; a Russian stem then loses a
/// fleeting vowel before its last consonant (<see cref="FoldFleetingVowel"/>), so «уровень»/«уровни» and
/// «ошибок»/«ошибка» meet too. The one analysis every index and ranking uses, so both stores and the in-memory
/// ranking agree on what matches.
/// </summary>
public static class TextAnalyzer
{
    /// <summary>Longest word kept; longer runs are hashes, URLs or noise.</summary>
    public const int MaxWordLength = 40;

    // Snowball programs keep state between calls, so each thread gets its own pair.
    [ThreadStatic] private static RussianStemmer? russian;
    [ThreadStatic] private static EnglishStemmer? english;

    /// <summary>The terms of a text in order, repeats kept (term frequency matters for ranking).</summary>
    public static IReadOnlyList<string> Terms(string? text) => [.. Words(text).Select(w => w.Term)];

    /// <summary>Each kept word of a text in order (lower-case, as written) with its term; repeats kept.</summary>
    public static IReadOnlyList<AnalyzedWord> Words(string? text)
    {
        var terms = new List<AnalyzedWord>();
        if (string.IsNullOrWhiteSpace(text)) return terms;
        var word = new StringBuilder(16);
        foreach (var rune in text.Normalize(NormalizationForm.FormKC).EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                FoldedLetters.Append(word, rune);
                continue;
            }
            // An apostrophe or hyphen inside a word ("don't", "что-то", "e-mail") keeps the word whole.
            if (rune.Value is '\'' or '’' or '-' && word.Length > 0) { word.Append('-'); continue; }
            Flush(word, terms);
        }
        Flush(word, terms);
        return terms;
    }

    /// <summary>The distinct terms of a text, for queries.</summary>
    public static IReadOnlyList<string> DistinctTerms(string? text) => Terms(text).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The stem of one lower-case word, or the word itself when it is neither Cyrillic nor Latin.</summary>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        SnowballProgram? stemmer = Script(word) switch
        {
            'c' => russian ??= new RussianStemmer(),
            'l' => english ??= new EnglishStemmer(),
            _ => null,
        };
        if (stemmer is null) return word;
        stemmer.SetCurrent(word);
        stemmer.Stem();
        return stemmer is RussianStemmer ? FoldFleetingVowel(stemmer.Current) : stemmer.Current;
    }

    /// <summary>
    /// Drops a fleeting vowel from a Russian stem: е or о between a consonant and a final к, н, ц, л or р
    /// («уровен» → «уровн», «ошибок» → «ошибк», «рынок» → «рынк», «отец» → «отц»), the places Russian inserts one
    /// in some forms and not others. Applied to every Russian stem alike, so the forms meet; a stem that never had a
    /// fleeting vowel («токен») is shortened the same way in all its forms and still meets itself.
    /// </summary>
    public static string FoldFleetingVowel(string stem)
    {
        ArgumentNullException.ThrowIfNull(stem);
        if (stem.Length < 5) return stem;
        var last = stem[^1];
        var vowel = stem[^2];
        var before = stem[^3];
        if (last is not ('к' or 'н' or 'ц' or 'л' or 'р') || vowel is not ('е' or 'о') || !RussianConsonants.Contains(before)) return stem;
        return string.Concat(stem.AsSpan(0, stem.Length - 2), new ReadOnlySpan<char>(in last));
    }

    private const string RussianConsonants = "бвгджзклмнпрстфхцчшщ";

    private static void Flush(StringBuilder word, List<AnalyzedWord> terms)
    {
        if (word.Length == 0) return;
        var text = word.ToString().Trim('-');
        word.Clear();
        if (text.Length == 0 || text.Length > MaxWordLength) return;
        if (StopWords.Contains(text)) return;
        // Hyphenated compounds ("что-то", "event-sourced") index as their parts; the parts carry the meaning.
        if (text.Contains('-', StringComparison.Ordinal))
        {
            foreach (var part in text.Split('-', StringSplitOptions.RemoveEmptyEntries))
                if (!StopWords.Contains(part)) terms.Add(new AnalyzedWord(part, Stem(part)));
            return;
        }
        terms.Add(new AnalyzedWord(text, Stem(text)));
    }

    /// <summary>True when a word is a stop word (dropped from every text and query).</summary>
    public static bool IsStopWord(string word) => StopWords.Contains(word);

    // 'c' Cyrillic, 'l' Latin, 'o' other (digits, CJK…): the first letter decides.
    private static char Script(string word)
    {
        foreach (var c in word)
        {
            if (c is >= 'а' and <= 'я' or 'ё') return 'c';
            if (c is >= 'a' and <= 'z') return 'l';
            if (char.IsLetter(c)) return 'o';
        }
        return 'o';
    }

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        // English
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "if", "in", "into", "is", "it", "its",
        "of", "on", "or", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "were",
        "will", "with", "we", "our", "you", "your", "not", "no", "so", "do", "does", "did", "has", "have", "had",
        // Russian
        "и", "в", "во", "не", "что", "он", "на", "я", "с", "со", "как", "а", "то", "все", "она", "так", "его", "но",
        "да", "ты", "к", "у", "же", "вы", "за", "бы", "по", "только", "ее", "мне", "было", "вот", "от", "меня", "еще",
        "нет", "о", "из", "ему", "когда", "даже", "ну", "ли", "если", "уже", "или", "ни", "быть", "был", "него", "до",
        "вас", "нибудь", "уж", "вам", "ведь", "там", "потом", "себя", "ничего", "ей", "может", "они", "тут", "где",
        "есть", "надо", "ней", "для", "мы", "тебя", "их", "чем", "была", "сам", "чтоб", "без", "будто", "чего", "раз",
        "тоже", "себе", "под", "будет", "ж", "тогда", "кто", "этот", "того", "потому", "этого", "какой", "совсем",
        "ним", "здесь", "этом", "один", "почти", "мой", "тем", "чтобы", "нее", "были", "куда", "зачем", "всех",
        "при", "об", "это", "эти", "эта", "этой", "также", "через", "после", "над", "между",
    };
}

/// <summary>A word as written (lower-case, ё folded) and the term it is indexed as.</summary>
/// <param name="Word">The word.</param>
/// <param name="Term">Its stem (or the word itself for other scripts and digits).</param>
public readonly record struct AnalyzedWord(string Word, string Term);
