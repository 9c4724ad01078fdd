using KnowledgeOs.Rendering;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Retrieval;

/// <summary>An item that matched a task: its BM25 relevance, its evidence factor and the query terms it contains.</summary>
/// <param name="Expert">Whose item it is.</param>
/// <param name="Item">The item.</param>
/// <param name="Relevance">BM25 over analyzed terms, against the whole team's items.</param>
/// <param name="Evidence">The evidence factor (<see cref="Retrieval.Evidence"/>).</param>
/// <param name="Terms">The query terms the item matched (directly or through an alternative), in query order.</param>
/// <param name="Reasons">How each of them matched (stem, lemma, glossary, team glossary, transliteration).</param>
public sealed record ItemMatch(AnalyzedExpert Expert, AnalyzedItem Item, double Relevance, double Evidence, IReadOnlyList<string> Terms,
    IReadOnlyList<TermMatch> Reasons)
{
    /// <summary>The cosine similarity of the item's vector to the task's, when embeddings found it (<see cref="HybridMatches"/>); else null.</summary>
    public float? Similarity { get; init; }

    /// <summary>Relevance × evidence: the rank order.</summary>
    public double Score => Relevance * Evidence;

    /// <summary>The item's section.</summary>
    public SectionKind Section => Item.Item.Section;
}

/// <summary>
/// A team's analyzed knowledge bases with the statistics BM25 needs (item count, document frequencies, average
/// length), in memory; each expert's items are found through its postings (<see cref="TermPostings"/>), so a query scores
/// only the items holding one of its words' alternatives.
/// </summary>
public sealed partial class TeamCorpus
{
    /// <summary>BM25 term-frequency saturation.</summary>
    public const double K1 = 1.2;

    /// <summary>BM25 length normalization.</summary>
    public const double B = 0.75;

    // Term → items of the team holding it: a write changes it by the written expert's changed terms (a layer, not a copy).
    private readonly LayeredMap<int> _documentFrequencies;

    // Per query: each group's alternatives that can score in this corpus, with their idf (computed once, not per expert).
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<TaskQuery, (QueryAlternative Alternative, double Idf)[][]> _scoring = [];
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<TaskQuery, System.Collections.Concurrent.ConcurrentDictionary<AnalyzedExpert, ExpertMatches>> _matches = [];
    private readonly Dictionary<string, AnalyzedExpert> _bySlug;

    private TeamCorpus(IReadOnlyList<AnalyzedExpert> experts)
    {
        Experts = experts;
        _bySlug = experts.ToDictionary(e => e.State.Slug, StringComparer.Ordinal);
        var sums = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var expert in experts) Add(sums, expert, +1);
        _documentFrequencies = LayeredMap<int>.Of(sums);
        (AverageLength, Newest, Language) = Figures(experts, ItemCount, _totalLength);
        Glossary = TeamGlossary.Of(experts.SelectMany(e => e.GlossaryPairs));
    }

    // Sum of the items' lengths over the team.
    private long _totalLength;

    // Adds an expert's sums to the team's (sign +1), or takes them away (−1), the document frequencies into term → change.
    private void Add(Dictionary<string, int> frequencies, AnalyzedExpert expert, int sign)
    {
        ItemCount += sign * expert.Items.Count;
        _totalLength += sign * expert.TotalLength;
        foreach (var (term, count) in expert.DocumentFrequencyCounts) Sum(frequencies, term, sign * count);
    }

    private static void Sum(Dictionary<string, int> sums, string term, int change)
    {
        ref var sum = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(sums, term, out _);
        sum += change;
    }

    // The figures that are not sums: the average length, the newest evidence and the team's language.
    private static (double AverageLength, DateTimeOffset Newest, RenderLanguage Language) Figures(IReadOnlyList<AnalyzedExpert> experts, int itemCount, long length) =>
        (itemCount == 0 ? 1 : (double)length / itemCount,
            experts.Count == 0 ? default : experts.Max(e => e.Newest),
            TeamLanguage.Of(experts.Sum(e => e.LanguageTexts.Russian), experts.Sum(e => e.LanguageTexts.English)));

    /// <summary>The pairs the team's own items state (<see cref="TeamGlossary"/>), learned when the corpus is built.</summary>
    public Glossary Glossary { get; }

    /// <summary>The query with the team's glossary added to its plan.</summary>
    public TaskQuery Expand(TaskQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.WithTeamGlossary(Glossary);
    }

    /// <summary>The team's own language (<see cref="TeamLanguage.Of(IEnumerable{Experts.ExpertState})"/>), counted once per corpus.</summary>
    public RenderLanguage Language { get; }

    /// <summary>The team's experts, ordered by slug.</summary>
    public IReadOnlyList<AnalyzedExpert> Experts { get; }

    /// <summary>Rankable items over the team.</summary>
    public int ItemCount { get; private set; }

    /// <summary>Average item length in terms.</summary>
    public double AverageLength { get; }

    /// <summary>The newest evidence of the team: recency is measured from it, so a ranking needs no clock.</summary>
    public DateTimeOffset Newest { get; }

    /// <summary>Builds the corpus of a team.</summary>
    public static TeamCorpus Of(IEnumerable<AnalyzedExpert> experts) =>
        new([.. experts.OrderBy(e => e.State.Slug, StringComparer.Ordinal)]);

    /// <summary>The expert with this slug, or null.</summary>
    public AnalyzedExpert? Find(string slug) => _bySlug.GetValueOrDefault(slug);

    /// <summary>BM25's inverse document frequency of a term over the team's items (0 for a term no item has).</summary>
    public double Idf(string term)
    {
        var df = _documentFrequencies.GetValueOrDefault(term);
        return df == 0 ? 0 : Math.Log(1 + (ItemCount - df + 0.5) / (df + 0.5));
    }

    /// <summary>
    /// The expert's items that match at least one query word, best first (score, then item id). A word counts once per
    /// item, by its best alternative (<see cref="QueryPlan"/>): BM25 of that term, or of a glossary phrase whose terms
    /// the item all holds (its rarest term's frequency, the mean of their idfs).
    /// </summary>
    public IReadOnlyList<ItemMatch> Match(AnalyzedExpert expert, TaskQuery query) => Matches(expert, query).All();

    /// <summary>
    /// The expert's items that match at least one query word, scored as <see cref="Match"/> scores them but found through
    /// the expert's postings, with the counts and best few that routing and context packs take.
    /// </summary>
    public ExpertMatches Matches(AnalyzedExpert expert, TaskQuery query)
    {
        ArgumentNullException.ThrowIfNull(expert);
        ArgumentNullException.ThrowIfNull(query);
        // Only the alternatives some item of the team holds can score; most glossary translations are in no item.
        var scoring = _scoring.GetValue(query, q => [.. q.Plan.Groups.Select(g => g.Alternatives
            .Select(a => (Alternative: a, Idf: a.Terms.Average(Idf)))
            .Where(a => a.Idf > 0 && a.Alternative.Terms.All(t => _documentFrequencies.ContainsKey(t)))
            .ToArray())]);
        // Routing scores every expert and the context pack then asks again for its participants: once per query and expert.
        return _matches.GetValue(query, _ => new()).GetOrAdd(expert, e => new ExpertMatches(this, e, query, scoring));
    }

    /// <summary>
    /// The expert's matches with embeddings' fused list when there is one (<see cref="HybridMatches"/>), else the lexical
    /// ones; a retired expert (named in a pack: routing leaves it out) is not in the fused list and is answered lexically.
    /// </summary>
    public ExpertMatches Matches(AnalyzedExpert expert, TaskQuery query, HybridMatches? hybrid)
    {
        ArgumentNullException.ThrowIfNull(expert);
        return hybrid is null || !expert.Available ? Matches(expert, query) : ExpertMatches.Listed(this, expert, query, hybrid.For(expert));
    }

    /// <summary>Best first; equal scores by item id, so the order never depends on the order items were loaded.</summary>
    public static int ByScore(ItemMatch a, ItemMatch b)
    {
        var byScore = b.Score.CompareTo(a.Score);
        return byScore != 0 ? byScore : string.CompareOrdinal(a.Item.Item.Id, b.Item.Item.Id);
    }
}
