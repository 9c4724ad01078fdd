using System.Collections.Frozen;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Rendering;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Retrieval;

/// <summary>One active item as the ranking sees it: its terms with their counts, and when it was last evidenced.</summary>
/// <param name="Item">The item.</param>
/// <param name="Frequencies">Term → how often it occurs in the item's text, fields and solutions.</param>
/// <param name="Length">Terms in the item (BM25's document length).</param>
/// <param name="LastAt">When the latest evidence for it happened (first record or last confirmation).</param>
public sealed record AnalyzedItem(KnowledgeItem Item, FrozenDictionary<string, int> Frequencies, int Length, DateTimeOffset LastAt);

/// <summary>An expert's items' evidence factors and BM25 length norms against one corpus's figures, in item order.</summary>
/// <param name="Newest">The corpus's newest evidence.</param>
/// <param name="AverageLength">The corpus's average item length.</param>
/// <param name="Evidence">Each item's <see cref="Retrieval.Evidence.Of"/>.</param>
/// <param name="Norms">Each item's <c>K1 × (1 − B + B × length / average length)</c>.</param>
public sealed record ItemFactors(DateTimeOffset Newest, double AverageLength, double[] Evidence, double[] Norms);

/// <summary>
/// An expert's knowledge base analyzed once for ranking: every rankable active item, the profile's terms (role,
/// tags, responsibility and duties) and each task title's terms. Built from a state and reusable for as long as
/// that state's version is current, so a server analyzes an expert once per change, not once per request.
/// </summary>
public sealed partial class AnalyzedExpert
{
    private AnalyzedExpert(ExpertState state, long version, IReadOnlyList<AnalyzedItem> items, Profile profile, Analysis analysis, AnalyzedExpert? previous)
    {
        _terms = analysis.Terms;
        _termCount = analysis.TermCount;
        _documentFrequencies = analysis.DocumentFrequencies;
        (FrequencyChanges, FrequenciesBefore) = (analysis.Deltas, previous?._documentFrequencies);
        ItemsAnalyzed = analysis.ItemsAnalyzed;
        State = state;
        Version = version;
        Items = items;
        RoleTerms = profile.Role;
        TagTerms = profile.Tags;
        DutyTerms = profile.Duties;
        TaskTitleTerms = profile.TaskTitles;
        var lengths = new int[items.Count];
        var sections = new SectionKind[items.Count];
        long total = 0;
        for (var i = 0; i < lengths.Length; i++)
        {
            sections[i] = items[i].Item.Section;
            total += lengths[i] = items[i].Length;
            if (items[i].LastAt > Newest) Newest = items[i].LastAt;
        }
        (ItemLengths, ItemSections, TotalLength) = (lengths, sections, total);
        GlossaryPairs = analysis.Pairs;
        Level = analysis.Level;
        Postings = TermPostings.Of(items, previous?.Postings, previous?.Items);
        LanguageTexts = analysis.Language;
        _beforeRecency = new double[items.Count];
        _usefulness = new double[items.Count];
    }

    /// <summary>The expert's texts that count as Russian and as English for the team's language (<see cref="TeamLanguage"/>).</summary>
    public LanguageTexts LanguageTexts { get; }

    // The items' factors for the corpus last asked (one corpus at a time in practice), filled as queries reach the items;
    // a reference, so a query on another thread gets the whole object or the one before.
    private LazyItemFactors? _factors;

    /// <summary>The items' inverted index (term → items holding it).</summary>
    public TermPostings Postings { get; }

    /// <summary>
    /// Each item's evidence factor and BM25 length norm against a corpus (its newest evidence and average item length),
    /// in item order, all computed. Ranking asks <see cref="Factors"/> instead, which computes only the items a query reaches.
    /// </summary>
    public ItemFactors FactorsAt(DateTimeOffset newest, double averageLength)
    {
        var factors = Factors(newest, averageLength);
        var evidence = new double[Items.Count];
        var norms = new double[Items.Count];
        for (var i = 0; i < evidence.Length; i++) (evidence[i], norms[i]) = (factors.Evidence(i), factors.Norm(i));
        return new ItemFactors(newest, averageLength, evidence, norms);
    }

    /// <summary>
    /// The items' factors against a corpus's figures, computed per item when first asked and kept until a corpus with
    /// other figures asks, so an unchanged expert does not recompute them per query, nor for every item after a write.
    /// </summary>
    internal LazyItemFactors Factors(DateTimeOffset newest, double averageLength)
    {
        if (_factors is { } kept && kept.Newest == newest && kept.AverageLength == averageLength) return kept;
        return _factors = new LazyItemFactors(this, newest, averageLength);
    }

    // Each item's evidence factors that do not depend on the corpus (its section × confirmations, its usefulness), in
    // item order, computed when a corpus first asks for the item; 0 until then (both are always above 0).
    private readonly double[] _beforeRecency;
    private readonly double[] _usefulness;

    /// <summary>The item's evidence factors that do not depend on the corpus: <see cref="Evidence.BeforeRecency"/> and <see cref="Usefulness.Factor(KnowledgeItem)"/>.</summary>
    internal (double BeforeRecency, double Usefulness) FixedFactors(int item)
    {
        var before = _beforeRecency[item];
        if (before == 0) _beforeRecency[item] = before = Evidence.BeforeRecency(Items[item].Item);
        var usefulness = _usefulness[item];
        if (usefulness == 0) _usefulness[item] = usefulness = Usefulness.Factor(Items[item].Item);
        return (before, usefulness);
    }

    /// <summary>The translation pairs this expert's items state (<see cref="TeamGlossary"/>), learned once per version.</summary>
    public IReadOnlyList<(string, string)> GlossaryPairs { get; }

    /// <summary>The expertise level computed from the state (kept: routing asks for it on every query).</summary>
    public int Level { get; }

    /// <summary>The knowledge base analyzed.</summary>
    public ExpertState State { get; }

    /// <summary>The stream version the state is at (a cache key).</summary>
    public long Version { get; }

    /// <summary>Rankable active items, in recording order.</summary>
    public IReadOnlyList<AnalyzedItem> Items { get; }

    /// <summary>Term → number of this expert's items containing it (summed over the team for BM25's idf).</summary>
    public FrozenDictionary<string, int> DocumentFrequencies => _frozenFrequencies ??= _documentFrequencies.Entries().ToFrozenDictionary(StringComparer.Ordinal);

    // The same, as summed (the corpus reads these; freezing them on every write to the expert cost more than it saved), the
    // previous version's with the changed items' terms taken away and added again: a write costs its items' terms.
    private readonly LayeredMap<int> _documentFrequencies;
    private FrozenDictionary<string, int>? _frozenFrequencies;

    /// <summary>Term → change of its count from <see cref="FrequenciesBefore"/> (from none: every count), for the corpus to sum by.</summary>
    internal IReadOnlyDictionary<string, int> FrequencyChanges { get; }

    /// <summary>The previous analysis's document frequencies this one changed (null: built from scratch).</summary>
    internal object? FrequenciesBefore { get; }

    /// <summary>This analysis's document frequencies, to compare with a later one's <see cref="FrequenciesBefore"/>.</summary>
    internal object FrequenciesNow => _documentFrequencies;

    /// <summary>Term → number of this expert's items containing it, as the corpus sums them (read only).</summary>
    internal IEnumerable<KeyValuePair<string, int>> DocumentFrequencyCounts => _documentFrequencies.Entries();

    /// <summary>Each item's length in terms, in item order (what the BM25 norms read, side by side).</summary>
    internal int[] ItemLengths { get; }

    /// <summary>
    /// Each item's section, in item order: a route counts its matches per section, and reading each matching item's record
    /// through the list for it was most of the ranking's time (docs/BENCHMARKS.md, "the ranking's garbage").
    /// </summary>
    internal SectionKind[] ItemSections { get; }

    /// <summary>Sum of the items' lengths.</summary>
    public long TotalLength { get; }

    /// <summary>Terms of the role.</summary>
    public FrozenSet<string> RoleTerms { get; }

    /// <summary>Terms of the expertise tags.</summary>
    public FrozenSet<string> TagTerms { get; }

    /// <summary>Terms of the responsibility text and the key duties.</summary>
    public FrozenSet<string> DutyTerms { get; }

    /// <summary>Terms of each task's title, in the order of <see cref="ExpertState.Tasks"/>.</summary>
    public IReadOnlyList<FrozenSet<string>> TaskTitleTerms { get; }

    /// <summary>True for sections whose items are know-how a task can use (not awards, mentees or certificates).</summary>
    public static bool Rankable(SectionKind section) =>
        section is not (SectionKind.Responsibility or SectionKind.Award or SectionKind.Mentorship or SectionKind.Certification);

    /// <summary>How many items' terms were added to or taken from the previous analysis's document frequencies (all items without one).</summary>
    internal int FrequencyUpdates { get; private init; }

    // Each active rankable item's analysis by item id (those with no term too), for the next version to take unchanged ones from.
    private readonly LayeredMap<ItemTerms> _terms;
    private readonly int _termCount;

    /// <summary>How many items were stemmed to build this analysis (the others were taken from the previous one).</summary>
    public int ItemsAnalyzed { get; }

    /// <summary>The newest evidence of the expert's items (the corpus's <see cref="TeamCorpus.Newest"/> is the newest of these).</summary>
    public DateTimeOffset Newest { get; }

    /// <summary>True when the expert is not retired (retired experts keep their history but take no tasks).</summary>
    public bool Available => State.Status != ExpertStatus.Retired;

}
