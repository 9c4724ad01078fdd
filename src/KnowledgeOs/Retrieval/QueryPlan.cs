using System.Text.Json;
using System.Text.Json.Serialization;
using KnowledgeOs.Text;

namespace KnowledgeOs.Retrieval;

/// <summary>How a query word met an item; written in JSON as <c>stem</c>, <c>glossary</c>, <c>team_glossary</c>, <c>transliteration</c>, <c>lemma</c>.</summary>
[JsonConverter(typeof(MatchKindJson))]
public enum MatchKind
{
    /// <summary>The same word or a form of it (Snowball stem, fleeting vowel folded): «уровни» for «уровень».</summary>
    Stem,

    /// <summary>A translation or synonym from the project's technical RU↔EN glossary: «повторы» for "retries".</summary>
    Glossary,

    /// <summary>A pair the team's own items state, such as «Идемпотентность (idempotency)».</summary>
    TeamGlossary,

    /// <summary>The same word in the other script (a cognate or a name): «латентность» for "latency", «Клеппман» for "Kleppmann".</summary>
    Transliteration,

    /// <summary>The same dictionary form (Hunspell lemma) where the stems differ: «пишу» for «писать», «бежит» for «бегу».</summary>
    Lemma,
}

/// <summary>Writes <see cref="MatchKind"/> as snake_case text, as the API writes every enum.</summary>
public sealed class MatchKindJson() : JsonStringEnumConverter<MatchKind>(JsonNamingPolicy.SnakeCaseLower);

/// <summary>Why a hit matched one query word.</summary>
/// <param name="Word">The query word as typed (lower-case).</param>
/// <param name="Matched">What it met in the item: the term, the glossary phrase, or the cognate key.</param>
/// <param name="How">How it met it.</param>
public sealed record TermMatch(string Word, string Matched, MatchKind How);

/// <summary>One way a query word may be found: a term or a phrase of terms, and how it relates to the word.</summary>
/// <param name="Terms">The terms, in order (a phrase must appear in that order, adjacent).</param>
/// <param name="How">How this alternative relates to the query word.</param>
/// <param name="Shown">What a reason shows for it (the glossary phrase as written, the term).</param>
/// <param name="Prefix">The last term matches as a prefix (search as you type).</param>
public sealed record QueryAlternative(IReadOnlyList<string> Terms, MatchKind How, string Shown, bool Prefix = false);

/// <summary>One query word with every way it may be found, its own term first.</summary>
/// <param name="Word">The word as typed (lower-case).</param>
/// <param name="Term">Its term.</param>
/// <param name="Alternatives">The alternatives, best reason first (stem, lemma, glossary, team glossary, transliteration).</param>
public sealed record QueryGroup(string Word, string Term, IReadOnlyList<QueryAlternative> Alternatives);

/// <summary>
/// A query expanded deterministically (docs/SEARCH.md): each distinct query word becomes a group of alternatives —
/// its own term, the other phrases of every glossary concept its word or a phrase around it belongs to, or (when no
/// glossary knows it) its cognate key. An item matches a group when it holds any alternative; hits rank by how many groups they match,
/// then by BM25. The same plan drives both stores and the in-memory ranking of routing and context packs.
/// </summary>
public sealed class QueryPlan
{
    /// <summary>Most alternatives kept per word (its own term and key always among them).</summary>
    public const int MaxAlternatives = 16;

    private QueryPlan(IReadOnlyList<QueryGroup> groups) => Groups = groups;

    /// <summary>The groups, one per distinct query term, in query order.</summary>
    public IReadOnlyList<QueryGroup> Groups { get; }

    /// <summary>Expands analyzed query words with the given glossaries (the technical one, then the team's).</summary>
    public static QueryPlan Build(IReadOnlyList<AnalyzedWord> words, bool prefix, params Glossary?[] glossaries)
    {
        ArgumentNullException.ThrowIfNull(words);
        var alternatives = new List<List<QueryAlternative>>();
        var groups = new List<(string Word, string Term)>();
        var position = new int[words.Count];
        for (var i = 0; i < words.Count; i++)
        {
            var at = groups.FindIndex(g => g.Term == words[i].Term);
            if (at < 0)
            {
                at = groups.Count;
                groups.Add((words[i].Word, words[i].Term));
                var isLast = prefix && i == words.Count - 1;
                alternatives.Add([new QueryAlternative([words[i].Term], MatchKind.Stem, words[i].Term, isLast), .. LemmaAlternatives(words[i])]);
            }
            position[i] = at;
        }
        // Glossary phrases: every run of up to MaxPhraseTerms query terms, longest first, so "горячий путь" finds "hot path".
        foreach (var glossary in glossaries)
        {
            if (glossary is null) continue;
            var how = glossary == Glossary.Technical ? MatchKind.Glossary : MatchKind.TeamGlossary;
            for (var start = 0; start < words.Count; start++)
            {
                for (var n = Math.Min(Glossary.MaxPhraseTerms, words.Count - start); n >= 1; n--)
                {
                    var key = string.Join(' ', words.Skip(start).Take(n).Select(w => w.Term));
                    foreach (var concept in glossary.Lookup(key))
                    {
                        foreach (var phrase in concept)
                        {
                            if (phrase.Key == key) continue;
                            for (var k = start; k < start + n; k++) AddAlternative(alternatives[position[k]], new QueryAlternative(phrase.Terms, how, phrase.Text));
                        }
                    }
                }
            }
        }
        for (var g = 0; g < groups.Count; g++)
        {
            // A word a glossary knows is carried across by it; the cognate key is for the words it does not know
            // (names, loanwords). Adding both only doubled what a store must rank for common words.
            if (alternatives[g].Any(a => a.How is MatchKind.Glossary or MatchKind.TeamGlossary)) continue;
            if (Cognates.Key(groups[g].Word) is { } cognate)
                AddAlternative(alternatives[g], new QueryAlternative([cognate], MatchKind.Transliteration, cognate));
        }
        return new QueryPlan([.. groups.Select((g, i) => new QueryGroup(g.Word, g.Term, alternatives[i]))]);
    }

    // A word's other lemma terms as terms (items holding any form of its dictionary form), and the lemma keys of all
    // its lemmas (items holding a form whose lemma it is: «люди» indexed under «человек» if the dictionary said so).
    private static IEnumerable<QueryAlternative> LemmaAlternatives(AnalyzedWord word)
    {
        var lemmas = Lemmas.Of(word);
        if (!lemmas.Known) yield break;
        foreach (var term in lemmas.Other) yield return new QueryAlternative([term], MatchKind.Lemma, term);
        foreach (var term in lemmas.Other.Prepend(word.Term)) yield return new QueryAlternative([Lemmas.Key(term)], MatchKind.Lemma, term);
    }

    private static void AddAlternative(List<QueryAlternative> list, QueryAlternative alternative)
    {
        if (list.Count >= MaxAlternatives) return;
        if (list.Any(a => a.Terms.SequenceEqual(alternative.Terms, StringComparer.Ordinal))) return;
        list.Add(alternative);
    }

    /// <summary>Which groups an item's indexed terms (in order, as <see cref="SearchTerms.Of"/> wrote them) match, and how.</summary>
    public IReadOnlyList<TermMatch> Match(IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var matches = new List<TermMatch>();
        foreach (var group in Groups)
        {
            foreach (var alternative in group.Alternatives)
            {
                if (!Contains(terms, alternative)) continue;
                matches.Add(new TermMatch(group.Word, alternative.Shown, alternative.How));
                break;
            }
        }
        return matches;
    }

    /// <summary>True when the terms hold the alternative (a phrase adjacent and in order, the last term as a prefix when asked).</summary>
    public static bool Contains(IReadOnlyList<string> terms, QueryAlternative alternative)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(alternative);
        for (var i = 0; i + alternative.Terms.Count <= terms.Count; i++)
            if (StartsAt(terms, i, alternative)) return true;
        return false;
    }

    /// <summary>How many places of the terms the alternative starts at (its instances, as FTS5 counts a phrase's).</summary>
    public static int Instances(IReadOnlyList<string> terms, QueryAlternative alternative)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(alternative);
        var count = 0;
        for (var i = 0; i + alternative.Terms.Count <= terms.Count; i++)
            if (StartsAt(terms, i, alternative)) count++;
        return count;
    }

    // Whether the alternative's terms stand at position i, adjacent and in order (the last as a prefix when asked).
    private static bool StartsAt(IReadOnlyList<string> terms, int i, QueryAlternative alternative)
    {
        var want = alternative.Terms;
        for (var k = 0; k < want.Count; k++)
        {
            var last = alternative.Prefix && k == want.Count - 1;
            if (!(last ? terms[i + k].StartsWith(want[k], StringComparison.Ordinal) : string.Equals(terms[i + k], want[k], StringComparison.Ordinal))) return false;
        }
        return true;
    }
}
