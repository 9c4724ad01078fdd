using System.Reflection;

namespace KnowledgeOs.Retrieval;

/// <summary>A phrase of a glossary: as written, and its analyzed terms (what an index holds for it).</summary>
/// <param name="Text">The phrase as the glossary writes it.</param>
/// <param name="Terms">Its terms (<see cref="TextAnalyzer"/>), in order.</param>
public sealed record GlossaryPhrase(string Text, IReadOnlyList<string> Terms)
{
    /// <summary>The terms joined by spaces: the lookup key.</summary>
    public string Key { get; } = string.Join(' ', Terms);
}

/// <summary>
/// Phrases that mean the same thing, in Russian and English (and synonyms within one language): a query word or
/// phrase found in a concept also matches every other phrase of it. Two kinds: the technical RU↔EN glossary kept as
/// data in the repository (<c>templates/glossary/ru-en.txt</c>, <see cref="Technical"/>), and a team's own glossary
/// learned from its items (<see cref="TeamGlossary"/>).
/// </summary>
public sealed class Glossary
{
    /// <summary>Longest phrase looked up, in terms.</summary>
    public const int MaxPhraseTerms = 4;

    private readonly Dictionary<string, List<int>> _byKey = new(StringComparer.Ordinal);
    private readonly List<IReadOnlyList<GlossaryPhrase>> _concepts = [];

    private Glossary(string name) => Name = name;

    /// <summary>What the glossary is, as a hit's reason names it (<c>glossary</c>, <c>team glossary</c>).</summary>
    public string Name { get; }

    /// <summary>Concepts (lines) held.</summary>
    public int Concepts => _concepts.Count;

    /// <summary>RU↔EN pairs held: for each concept, its Russian phrases × its English phrases.</summary>
    public int Pairs => _concepts.Sum(c => c.Count(p => IsCyrillic(p.Text)) * c.Count(p => !IsCyrillic(p.Text)));

    /// <summary>The technical RU↔EN glossary shipped with the project (software, data, finance and trading, security, QA, design, legal, SEO, ops, ML, product).</summary>
    public static Glossary Technical { get; } = LoadTechnical();

    /// <summary>An empty glossary.</summary>
    public static Glossary Empty { get; } = new("none");

    /// <summary>
    /// Reads a glossary: one concept per line, phrases separated by <c>|</c> (any mix of languages and synonyms),
    /// <c>#</c> starts a comment. A phrase with no searchable word is skipped.
    /// </summary>
    public static Glossary Parse(IEnumerable<string> lines, string name)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var glossary = new Glossary(name);
        foreach (var raw in lines)
        {
            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            var line = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (line.Length == 0) continue;
            glossary.Add(line.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }
        return glossary;
    }

    /// <summary>Builds a glossary from concepts (each a set of phrases that mean the same).</summary>
    public static Glossary Of(IEnumerable<IReadOnlyList<string>> concepts, string name)
    {
        ArgumentNullException.ThrowIfNull(concepts);
        var glossary = new Glossary(name);
        foreach (var concept in concepts) glossary.Add(concept);
        return glossary;
    }

    /// <summary>The concepts a phrase (analyzed terms joined by spaces) belongs to, each as all its phrases.</summary>
    public IEnumerable<IReadOnlyList<GlossaryPhrase>> Lookup(string key)
    {
        if (!_byKey.TryGetValue(key, out var ids)) yield break;
        foreach (var id in ids) yield return _concepts[id];
    }

    private void Add(IReadOnlyList<string> texts)
    {
        var phrases = new List<GlossaryPhrase>();
        foreach (var text in texts)
        {
            var terms = TextAnalyzer.Terms(text);
            if (terms.Count is 0 or > MaxPhraseTerms) continue;
            var phrase = new GlossaryPhrase(text, terms);
            if (phrases.All(p => p.Key != phrase.Key)) phrases.Add(phrase);
        }
        if (phrases.Count < 2) return;
        var id = _concepts.Count;
        _concepts.Add(phrases);
        foreach (var phrase in phrases)
        {
            if (!_byKey.TryGetValue(phrase.Key, out var ids)) _byKey[phrase.Key] = ids = [];
            if (!ids.Contains(id)) ids.Add(id);
        }
    }

    private static bool IsCyrillic(string text) => text.Any(c => c is >= 'а' and <= 'я' or >= 'А' and <= 'Я' or 'ё' or 'Ё');

    private static Glossary LoadTechnical()
    {
        const string resource = "glossary/ru-en.txt";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The glossary resource {resource} is missing from the build.");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return Parse(lines, "glossary");
    }
}
