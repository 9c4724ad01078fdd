using System.Collections.Frozen;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Metrics;
using KnowledgeOs.Rendering;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Retrieval;

/// <summary>
/// Building an analysis, from scratch or from the previous version's: one pass over the state's items, where an item the
/// fold kept (or one that says the same) takes its terms, its share of the document frequencies and of the team's
/// language from the previous analysis, and the maps change by the changed items only (<see cref="LayeredMap{T}"/>).
/// </summary>
public sealed partial class AnalyzedExpert
{
    // What the pass over the items yields besides the ranked items.
    private sealed record Analysis(LayeredMap<ItemTerms> Terms, int TermCount, LayeredMap<int> DocumentFrequencies,
        IReadOnlyList<(string, string)> Pairs, int ItemsAnalyzed, int Level, LanguageTexts Language, Dictionary<string, int> Deltas);

    // The profile's terms.
    private sealed record Profile(FrozenSet<string> Role, FrozenSet<string> Tags, FrozenSet<string> Duties, IReadOnlyList<FrozenSet<string>> TaskTitles);

    /// <summary>Analyzes a knowledge base.</summary>
    public static AnalyzedExpert Of(ExpertState state, long version = 0) => Of(state, version, null);

    /// <summary>
    /// Analyzes a knowledge base, taking the terms of every item that says the same as in <paramref name="previous"/> (an
    /// earlier analysis of the same expert) instead of stemming it again; only new or changed items are analyzed, and the
    /// document frequencies, the team-language counts and the glossary pairs move by those items. The result is the same
    /// as <see cref="Of(ExpertState, long)"/>'s.
    /// </summary>
    public static AnalyzedExpert Of(ExpertState state, long version, AnalyzedExpert? previous)
    {
        ArgumentNullException.ThrowIfNull(state);
        var active = new List<KnowledgeItem>(previous is null ? state.Items.Count : previous._termCount + 4);
        var tally = new Tally();
        tally.Text(state.DisplayName);
        tally.Text(state.Role);
        tally.Text(state.Responsibility);
        foreach (var duty in state.Duties) tally.Text(duty);
        foreach (var item in state.Items.Values)
        {
            if (!item.IsActive) continue;
            tally.Level(item);
            if (Rankable(item.Section)) active.Add(item);
            else tally.Text(item.Text);
        }
        active.Sort(static (a, b) => a.Order.CompareTo(b.Order));

        var items = new List<AnalyzedItem>(active.Count);
        var fresh = previous is null ? new Dictionary<string, ItemTerms>(active.Count, StringComparer.Ordinal) : null;
        var changes = new Dictionary<string, (bool Present, ItemTerms Value)>(StringComparer.Ordinal);
        var deltas = new Dictionary<string, int>(StringComparer.Ordinal);
        var withPairs = new List<IReadOnlyList<(string, string)>>();
        int analyzed = 0, counted = 0, matched = 0, cursor = 0;
        var pairsMoved = previous is null;
        foreach (var item in active)
        {
            ItemTerms? before = null;
            if (previous is not null && previous._terms.TryGetValue(item.Id, out var found)) (before, matched) = (found, matched + 1);
            var kept = before;
            if (kept is null || !kept.SaysTheSame(state, item))
            {
                kept = ItemTerms.Of(state, item);
                analyzed++;
            }
            if (fresh is not null) fresh[item.Id] = kept;
            if (!ReferenceEquals(kept, before))
            {
                changes[item.Id] = (true, kept);
                if (before is not null) LayeredCounts.Count(deltas, before.Frequencies.Keys, -1);
                LayeredCounts.Count(deltas, kept.Frequencies.Keys, +1);
                counted++;
                pairsMoved |= before is { Pairs.Count: > 0 } || kept.Pairs.Count > 0;
            }
            tally.Add(kept.TextLanguage);
            if (kept.Length == 0) continue;
            if (kept.Pairs.Count > 0) withPairs.Add(kept.Pairs);
            // The previous analysis's items are in the same order: one the fold kept as it was is taken as it was.
            while (previous is not null && cursor < previous.Items.Count && previous.Items[cursor].Item.Order < item.Order) cursor++;
            if (previous is not null && cursor < previous.Items.Count && ReferenceEquals(previous.Items[cursor].Item, item)
                && ReferenceEquals(previous.Items[cursor].Frequencies, kept.Frequencies))
            {
                items.Add(previous.Items[cursor]);
                continue;
            }
            var lastAt = item.FirstAt;
            foreach (var confirmation in item.Confirmations)
                if (confirmation.At > lastAt) lastAt = confirmation.At;
            items.Add(new AnalyzedItem(item, kept.Frequencies, kept.Length, lastAt));
        }
        // Items no longer active and rankable (retracted, superseded) leave the frequencies.
        if (previous is not null && matched < previous._termCount)
        {
            foreach (var (id, gone) in previous._terms.Entries())
            {
                if (state.Items.TryGetValue(id, out var now) && now.IsActive && Rankable(now.Section)) continue;
                changes[id] = (false, null!);
                LayeredCounts.Count(deltas, gone.Frequencies.Keys, -1);
                counted++;
                pairsMoved |= gone.Pairs.Count > 0;
            }
        }
        var analysis = new Analysis(
            fresh is not null ? LayeredMap<ItemTerms>.Of(fresh) : previous!._terms.With(changes), active.Count,
            previous is null ? LayeredMap<int>.Of(deltas) : previous._documentFrequencies.Plus(deltas),
            pairsMoved ? [.. new SortedSet<(string, string)>(withPairs.SelectMany(p => p))] : previous!.GlossaryPairs,
            analyzed, tally.LevelOf(state), tally.Language, deltas);
        return new AnalyzedExpert(state, version, items, ProfileOf(state, previous), analysis, previous) { FrequencyUpdates = counted };
    }

    // The profile's terms, the previous analysis's where the profile says the same (most writes add or confirm items).
    private static Profile ProfileOf(ExpertState state, AnalyzedExpert? previous)
    {
        var before = previous?.State;
        var role = before is not null && before.Role == state.Role ? previous!.RoleTerms : Set(state.Role);
        var tags = before is not null && before.Tags.SequenceEqual(state.Tags, StringComparer.Ordinal) ? previous!.TagTerms : Set(string.Join('\n', state.Tags));
        var duties = before is not null && before.Responsibility == state.Responsibility && before.Duties.SequenceEqual(state.Duties, StringComparer.Ordinal)
            ? previous!.DutyTerms : Set(state.Responsibility + "\n" + string.Join('\n', state.Duties));
        var titles = new FrozenSet<string>[state.Tasks.Count];
        var i = 0;
        foreach (var task in state.Tasks)
        {
            titles[i] = before is not null && i < before.Tasks.Count && before.Tasks[i].Title == task.Title ? previous!.TaskTitleTerms[i] : Set(task.Title);
            i++;
        }
        return new Profile(role, tags, duties, titles);
    }

    private static FrozenSet<string> Set(string? text) => SearchTerms.IndexTerms(text).ToFrozenSet(StringComparer.Ordinal);

    // The counts one pass over the items gathers: the texts for the team's language (TeamLanguage.Texts) and the items
    // behind the expertise level (ExpertMetrics.Of), so neither walks every item again.
    private sealed class Tally
    {
        private long _russian, _english;
        private int _known, _publications, _mentees, _problemsSolved;

        public LanguageTexts Language => new(_russian, _english);

        public void Text(string? text) => Add(TeamLanguage.Of(text));

        public void Add((int Russian, int English) language) => (_russian, _english) = (_russian + language.Russian, _english + language.English);

        public void Level(KnowledgeItem item)
        {
            switch (item.Section)
            {
                case SectionKind.Known: _known++; break;
                case SectionKind.Publication: _publications++; break;
                case SectionKind.Mentorship: _mentees++; break;
                case SectionKind.Problem when item.Solutions.Count > 0: _problemsSolved++; break;
            }
        }

        // ExpertMetrics.Of's level: over tasks with a known outcome.
        public int LevelOf(ExpertState state)
        {
            int successful = 0, unknown = 0;
            foreach (var task in state.Tasks)
            {
                if (task.Outcome == Outcome.Success) successful++;
                else if (task.Outcome == Outcome.Unknown) unknown++;
            }
            return ExpertiseLevel.Evidence(state.Tasks.Count - unknown, successful, _problemsSolved, _known, _publications, _mentees).Level;
        }
    }
}
