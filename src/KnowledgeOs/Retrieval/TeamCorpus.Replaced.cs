namespace KnowledgeOs.Retrieval;

/// <summary>A team's corpus built from the one before a write: its sums less the replaced experts' plus the new ones'.</summary>
public sealed partial class TeamCorpus
{
    private TeamCorpus(IReadOnlyList<AnalyzedExpert> experts, TeamCorpus previous, IReadOnlyList<AnalyzedExpert> gone, IReadOnlyList<AnalyzedExpert> come)
    {
        Experts = experts;
        _bySlug = experts.ToDictionary(e => e.State.Slug, StringComparer.Ordinal);
        ItemCount = previous.ItemCount;
        _totalLength = previous._totalLength;
        // An expert analyzed from the analysis that left changes the sums by its changed items' terms; any other by all its terms.
        var changes = new Dictionary<string, int>(StringComparer.Ordinal);
        var replaced = new Dictionary<object, AnalyzedExpert>(ReferenceEqualityComparer.Instance);
        foreach (var expert in gone)
            if (!replaced.TryAdd(expert.FrequenciesNow, expert)) Add(changes, expert, -1);
        foreach (var expert in come)
        {
            if (expert.FrequenciesBefore is { } before && replaced.Remove(before, out var left))
            {
                ItemCount += expert.Items.Count - left.Items.Count;
                _totalLength += expert.TotalLength - left.TotalLength;
                foreach (var (term, change) in expert.FrequencyChanges) Sum(changes, term, change);
            }
            else Add(changes, expert, +1);
        }
        foreach (var expert in replaced.Values) Add(changes, expert, -1);
        _documentFrequencies = previous._documentFrequencies.Plus(changes);
        (AverageLength, Newest, Language) = Figures(experts, ItemCount, _totalLength);
        // The glossary is the set of every expert's pairs: unchanged when the experts that left and came state the same ones.
        // A re-analysis whose items' pairs did not move keeps the very list, so one write needs no sort.
        var samePairs = gone.Count == 1 && come.Count == 1 && ReferenceEquals(gone[0].GlossaryPairs, come[0].GlossaryPairs);
        Glossary = samePairs || gone.SelectMany(e => e.GlossaryPairs).Order().SequenceEqual(come.SelectMany(e => e.GlossaryPairs).Order())
            ? previous.Glossary
            : TeamGlossary.Of(experts.SelectMany(e => e.GlossaryPairs));
    }

    /// <summary>
    /// Builds the corpus of a team from the one built before (<paramref name="previous"/>, null: from scratch): only the
    /// experts not in it (new analyses) are summed and the ones no longer in it taken away, so a write to one expert costs
    /// that expert, not the team. It ranks exactly as <see cref="Of(IEnumerable{AnalyzedExpert})"/>'s corpus.
    /// </summary>
    public static TeamCorpus Of(IEnumerable<AnalyzedExpert> experts, TeamCorpus? previous)
    {
        ArgumentNullException.ThrowIfNull(experts);
        List<AnalyzedExpert> sorted = [.. experts.OrderBy(e => e.State.Slug, StringComparer.Ordinal)];
        if (previous is null) return new TeamCorpus(sorted);
        var now = sorted.ToHashSet(ReferenceEqualityComparer.Instance);
        var before = previous.Experts.ToHashSet(ReferenceEqualityComparer.Instance);
        List<AnalyzedExpert> gone = [.. previous.Experts.Where(e => !now.Contains(e))];
        List<AnalyzedExpert> come = [.. sorted.Where(e => !before.Contains(e))];
        // Past half the team changed, summing it again is no dearer.
        return gone.Count + come.Count > sorted.Count / 2 + 1 ? new TeamCorpus(sorted) : new TeamCorpus(sorted, previous, gone, come);
    }
}
