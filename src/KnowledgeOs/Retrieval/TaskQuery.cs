namespace KnowledgeOs.Retrieval;

/// <summary>
/// A task's text as a query: its distinct analyzed terms (<see cref="TextAnalyzer"/>), and for each term the word
/// the task wrote, so an explanation can say "matched retries" rather than the stem "retri".
/// </summary>
/// <param name="Title">The task title (may be empty).</param>
/// <param name="Text">The task description (may be empty when the title says it all).</param>
/// <param name="Terms">Distinct terms in the order they first appear.</param>
/// <param name="Words">For each term, the word the task wrote (lower-case).</param>
/// <param name="Plan">The terms expanded across languages (<see cref="QueryPlan"/>): one group per term, in the same order.</param>
public sealed record TaskQuery(string Title, string Text, IReadOnlyList<string> Terms, IReadOnlyDictionary<string, string> Words, QueryPlan Plan)
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
        if (title.Length == 0 && text.Length == 0) throw InputException.Of("Describe the task: give its text (and optionally a title).", field, ErrorCodes.TaskMissing, field);
        if (title.Length + text.Length > MaxLength)
            throw InputException.Of($"The task text is {title.Length + text.Length:N0} characters; at most {MaxLength:N0} are accepted.", field,
                ErrorCodes.TextTooLong, field, (title.Length + text.Length).ToString("N0", System.Globalization.CultureInfo.InvariantCulture), MaxLength.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        var whole = $"{title}\n{text}";
        // The analyzer alone decides the terms (without the request's own words, RequestWords); the words are only
        // looked up to show what the task wrote.
        var analyzed = RequestWords.Drop(TextAnalyzer.Words(whole));
        var terms = analyzed.Select(w => w.Term).Distinct(StringComparer.Ordinal).Take(MaxTerms).ToList();
        var words = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in WordRuns(whole))
            foreach (var term in TextAnalyzer.Terms(word))
                words.TryAdd(term, word.ToLowerInvariant());
        if (terms.Count == 0) throw InputException.Of("The task text has no searchable words (only stop words, punctuation or symbols).", field, ErrorCodes.NothingToSearch, field);
        var kept = terms.ToHashSet(StringComparer.Ordinal);
        return new TaskQuery(title, text, terms, words, QueryPlan.Build([.. analyzed.Where(w => kept.Contains(w.Term))], false, Glossary.Technical))
        {
            Analyzed = [.. analyzed.Where(w => kept.Contains(w.Term))],
        };
    }

    /// <summary>The kept words of the task in order (what the plan was built from).</summary>
    public IReadOnlyList<AnalyzedWord> Analyzed { get; private init; } = [];

    /// <summary>True once the team's own glossary has been added to the plan.</summary>
    public bool WithTeam { get; private init; }

    /// <summary>The same query with the team's glossary added to its plan (once).</summary>
    public TaskQuery WithTeamGlossary(Glossary team)
    {
        ArgumentNullException.ThrowIfNull(team);
        return WithTeam ? this : this with { Plan = QueryPlan.Build(Analyzed, false, Glossary.Technical, team), WithTeam = true };
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

    // Runs of letters and digits (an apostrophe or hyphen inside a run splits it, as the analyzer splits compounds).
    private static IEnumerable<string> WordRuns(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || char.IsSurrogate(text[i]));
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }
}
