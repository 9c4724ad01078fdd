using System.Collections.Frozen;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Metrics;
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
public sealed class AnalyzedExpert
{
    private AnalyzedExpert(ExpertState state, long version, IReadOnlyList<AnalyzedItem> items, Dictionary<string, int> documentFrequencies,
        FrozenSet<string> role, FrozenSet<string> tags, FrozenSet<string> duties, IReadOnlyList<FrozenSet<string>> taskTitles,
        Dictionary<string, ItemTerms> terms, IReadOnlyList<(string, string)> glossaryPairs, int itemsAnalyzed, AnalyzedExpert? previous)
    {
        _terms = terms;
        ItemsAnalyzed = itemsAnalyzed;
        State = state;
        Version = version;
        Items = items;
        _documentFrequencies = documentFrequencies;
        RoleTerms = role;
        TagTerms = tags;
        DutyTerms = duties;
        TaskTitleTerms = taskTitles;
        ItemLengths = [.. items.Select(i => i.Length)];
        TotalLength = items.Sum(i => (long)i.Length);
        GlossaryPairs = glossaryPairs;
        foreach (var item in items)
            if (item.LastAt > Newest) Newest = item.LastAt;
        Level = ExpertMetrics.Of(state).Level;
        Postings = TermPostings.Of(items, previous?.Postings, previous?.Items);
        LanguageTexts = TeamLanguage.Texts(state);
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
    public FrozenDictionary<string, int> DocumentFrequencies => _frozenFrequencies ??= _documentFrequencies.ToFrozenDictionary(StringComparer.Ordinal);

    // The same, as summed (the corpus reads these; freezing them on every write to the expert cost more than it saved).
    private readonly Dictionary<string, int> _documentFrequencies;
    private FrozenDictionary<string, int>? _frozenFrequencies;

    /// <summary>Term → number of this expert's items containing it, as the corpus sums them (read only).</summary>
    internal IReadOnlyDictionary<string, int> DocumentFrequencyCounts => _documentFrequencies;

    /// <summary>Each item's length in terms, in item order (what the BM25 norms read, side by side).</summary>
    internal int[] ItemLengths { get; }

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

    /// <summary>Analyzes a knowledge base.</summary>
    public static AnalyzedExpert Of(ExpertState state, long version = 0) => Of(state, version, null);

    /// <summary>
    /// Analyzes a knowledge base, taking the terms of every item that says the same as in <paramref name="previous"/> (an
    /// earlier analysis of the same expert) instead of stemming it again; only new or changed items are analyzed. The
    /// result is the same as <see cref="Of(ExpertState, long)"/>'s.
    /// </summary>
    public static AnalyzedExpert Of(ExpertState state, long version, AnalyzedExpert? previous)
    {
        ArgumentNullException.ThrowIfNull(state);
        var items = new List<AnalyzedItem>();
        var terms = new Dictionary<string, ItemTerms>(StringComparer.Ordinal);
        // The document frequencies are the previous version's with the changed items' terms taken away and added again.
        var df = previous is null ? new Dictionary<string, int>(StringComparer.Ordinal)
            : new Dictionary<string, int>(previous._documentFrequencies, StringComparer.Ordinal);
        var pairs = new SortedSet<(string, string)>();
        var analyzed = 0;
        var counted = 0;
        foreach (var item in state.Items.Values.Where(i => i.IsActive && Rankable(i.Section)).OrderBy(i => i.Order))
        {
            var before = previous?._terms.GetValueOrDefault(item.Id);
            var kept = before;
            if (kept is null || !kept.SaysTheSame(state, item))
            {
                kept = ItemTerms.Of(state, item);
                analyzed++;
            }
            terms[item.Id] = kept;
            if (!ReferenceEquals(kept, before))
            {
                if (before is not null) Count(df, before, -1);
                Count(df, kept, +1);
                counted++;
            }
            if (kept.Length == 0) continue;
            pairs.UnionWith(kept.Pairs);
            var lastAt = item.FirstAt;
            foreach (var confirmation in item.Confirmations)
                if (confirmation.At > lastAt) lastAt = confirmation.At;
            items.Add(new AnalyzedItem(item, kept.Frequencies, kept.Length, lastAt));
        }
        // Items no longer active and rankable (retracted, superseded) leave the frequencies.
        if (previous is not null)
        {
            foreach (var (id, gone) in previous._terms)
            {
                if (terms.ContainsKey(id)) continue;
                Count(df, gone, -1);
                counted++;
            }
        }
        return new AnalyzedExpert(state, version, items, df,
            Set(state.Role), Set(string.Join('\n', state.Tags)), Set(state.Responsibility + "\n" + string.Join('\n', state.Duties)),
            [.. state.Tasks.Select(t => Set(t.Title))], terms, [.. pairs], analyzed, previous) { FrequencyUpdates = counted };
    }

    // Adds an item's terms to the document frequencies (sign +1) or takes them away (−1); a term no item holds is dropped.
    private static void Count(Dictionary<string, int> df, ItemTerms item, int sign)
    {
        foreach (var term in item.Frequencies.Keys)
        {
            var count = df.GetValueOrDefault(term) + sign;
            if (count == 0) df.Remove(term);
            else df[term] = count;
        }
    }

    /// <summary>How many items' terms were added to or taken from the previous analysis's document frequencies (all items without one).</summary>
    internal int FrequencyUpdates { get; private init; }

    // Each active rankable item's analysis by item id (those with no term too), for the next version to take unchanged ones from.
    private readonly Dictionary<string, ItemTerms> _terms;

    /// <summary>How many items were stemmed to build this analysis (the others were taken from the previous one).</summary>
    public int ItemsAnalyzed { get; }

    /// <summary>The newest evidence of the expert's items (the corpus's <see cref="TeamCorpus.Newest"/> is the newest of these).</summary>
    public DateTimeOffset Newest { get; }

    /// <summary>True when the expert is not retired (retired experts keep their history but take no tasks).</summary>
    public bool Available => State.Status != ExpertStatus.Retired;

    private static FrozenSet<string> Set(string? text) => SearchTerms.IndexTerms(text).ToFrozenSet(StringComparer.Ordinal);
}
