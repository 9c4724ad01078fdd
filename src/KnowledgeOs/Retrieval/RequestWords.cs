using System.Collections.Frozen;

namespace KnowledgeOs.Retrieval;

/// <summary>
/// The words a request is phrased with rather than what it is about: «нужно», «сделать», «добавить», "please", "make",
/// "before". An agent asking before a task writes a sentence («Нужно добавить повторные попытки к вызову API»),
/// and since hits rank first by how many query words they match, an item sharing only «добавить» and «нужно» with
/// it ranked level with one sharing «повторные» and «API». They are dropped from queries only (search and task
/// queries), never from indexed text, so no index changes; a query made of nothing else keeps them
/// (docs/SEARCH.md, "Query semantics"). Compared by term, so every form of a listed word goes («добавь», «добавить»).
/// </summary>
public static class RequestWords
{
    // Verbs and fillers of a request, both languages. Keep it to words that name no subject: «проверить», «исправить»,
    // "check", "fix", "test" are left out, since items are named after them («Проверка интеграции», "Fix …"), and so is
    // "new"/«новый» ("new rule in shadow mode" is about a new rule: the samples set lost it when it was listed).
    private static readonly string[] Listed =
    [
        // English
        "need", "needs", "needed", "want", "wants", "please", "make", "makes", "let", "lets", "help", "should", "must",
        "can", "could", "would", "sure", "also", "some", "any", "every", "each", "before", "after", "instead",
        "just", "only", "still", "get", "gets", "all", "everything", "how", "what", "why", "which", "way", "currently",
        // Russian
        "нужно", "нужна", "нужен", "нужны", "необходимо", "требуется", "следует", "хочу", "хотим", "давай", "давайте",
        "пожалуйста", "сделать", "сделай", "сделайте", "добавить", "добавь", "добавьте", "помочь", "помоги", "каждый", "каждой", "перед", "сейчас", "теперь", "снова",
        "очень", "слишком", "много", "весь", "всё", "всю", "разобраться", "понять", "посмотреть", "наш", "наша",
        "наше", "наши", "нашей", "нашем", "нашего", "нашу", "свой", "свою", "своей", "почему", "какие",
    ];

    private static readonly FrozenSet<string> Terms = Listed.SelectMany(TextAnalyzer.Terms).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>True when the word is only how the request is phrased.</summary>
    public static bool Contains(AnalyzedWord word) => Terms.Contains(word.Term);

    /// <summary>The query's words without its request words; all of them when nothing else would be left.</summary>
    public static IReadOnlyList<AnalyzedWord> Drop(IReadOnlyList<AnalyzedWord> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var kept = words.Where(w => !Contains(w)).ToList();
        return kept.Count == 0 ? words : kept;
    }
}
