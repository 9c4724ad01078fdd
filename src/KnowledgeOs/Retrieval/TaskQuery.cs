namespace KnowledgeOs.Retrieval;

/// <summary>
/// A task's text as a query: its distinct analyzed terms (<see cref="TextAnalyzer"/>), and for each term the word
/// the task wrote, so an explanation can say "matched retries" rather than the stem "retri".
/// </summary>
/// <param name="Title">The task title (may be empty).</param>
/// <param name="Text">The task description (may be empty when the title says it all).</param>
/// <param name="Terms">Distinct terms in the order they first appear.</param>
/// <param name="Words">For each term, the word the task wrote (lower-case).</param>
public sealed record TaskQuery(string Title, string Text, IReadOnlyList<string> Terms, IReadOnlyDictionary<string, string> Words)
{
    /// <summary>Longest task text accepted (title and description together), in characters.</summary>
    public const int MaxLength = 20_000;

    /// <summary>Most distinct terms a query keeps; a longer text keeps its first ones (a task says what it is early).</summary>
    public const int MaxTerms = 64;

    /// <summary>Analyzes a task's title and description.</summary>
    /// <exception cref="InputException">Both are empty, too long, or have no searchable word; names <paramref name="field"/>.</exception>
    public static TaskQuery Parse(string? title, string? text, string field = "task")
    {
        title = title?.Trim() ?? "";
        text = text?.Trim() ?? "";
        if (title.Length == 0 && text.Length == 0) throw new InputException("Describe the task: give its text (and optionally a title).", field);
        if (title.Length + text.Length > MaxLength)
            throw new InputException($"The task text is {title.Length + text.Length:N0} characters; at most {MaxLength:N0} are accepted.", field);
        var words = new Dictionary<string, string>(StringComparer.Ordinal);
        var terms = new List<string>();
        foreach (var chunk in $"{title}\n{text}".Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            // Each whitespace-separated word goes through the one analyzer; its first term remembers the word.
            foreach (var part in chunk.Split('-', StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (var term in TextAnalyzer.Terms(part))
                {
                    if (words.ContainsKey(term) || terms.Count >= MaxTerms) continue;
                    words[term] = Clean(part);
                    terms.Add(term);
                }
            }
        }
        if (terms.Count == 0) throw new InputException("The task text has no searchable words (only stop words, numbers-free punctuation or symbols).", field);
        return new TaskQuery(title, text, terms, words);
    }

    /// <summary>The word the task wrote for a term (the term itself when unknown).</summary>
    public string Word(string term) => Words.TryGetValue(term, out var w) ? w : term;

    /// <summary>Where a term first appears in the task (its index in <see cref="Terms"/>), or -1.</summary>
    public int Position(string term)
    {
        for (var i = 0; i < Terms.Count; i++)
            if (string.Equals(Terms[i], term, StringComparison.Ordinal)) return i;
        return -1;
    }

    private static string Clean(string word) =>
        new string(word.Where(c => char.IsLetterOrDigit(c) || c is '\'' or '’').ToArray()).ToLowerInvariant() is { Length: > 0 } clean ? clean : word;
}
