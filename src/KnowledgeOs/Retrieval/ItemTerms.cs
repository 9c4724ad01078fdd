using System.Collections.Frozen;
using KnowledgeOs.Experts;
using KnowledgeOs.Rendering;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Retrieval;

/// <summary>
/// One item analyzed: its terms with their counts, its length and the translation pairs it states, with the item it was
/// analyzed from. A later version of the expert whose item says the same (text, fields, solutions, its task's report)
/// takes these as they are instead of stemming the item again; what changes with confirmations (the evidence) is not here.
/// </summary>
/// <param name="Item">The item as analyzed.</param>
/// <param name="TaskTexts">What the item's task's report says of the task as a whole (case entries; else empty).</param>
/// <param name="Frequencies">Term → how often it occurs in the item's text, fields, solutions and task texts.</param>
/// <param name="Length">Terms in the item (0: it has none and is not ranked).</param>
/// <param name="Pairs">The translation pairs the item states (<see cref="TeamGlossary.Pairs"/>).</param>
internal sealed record ItemTerms(KnowledgeItem Item, IReadOnlyList<string> TaskTexts, FrozenDictionary<string, int> Frequencies, int Length,
    IReadOnlyList<(string, string)> Pairs)
{
    private static readonly string[] MeaningFields =
        [ItemFields.Author, ItemFields.Description, ItemFields.Origin, ItemFields.Category, ItemFields.Application];

    /// <summary>Analyzes an item of a state: stems every text it says.</summary>
    public static ItemTerms Of(ExpertState state, KnowledgeItem item)
    {
        var taskTexts = TaskTextsOf(state, item);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var length = 0;
        foreach (var text in Texts(item).Concat(taskTexts))
        {
            foreach (var term in SearchTerms.IndexTerms(text))
            {
                counts[term] = counts.GetValueOrDefault(term) + 1;
                length++;
            }
        }
        return new ItemTerms(item, taskTexts, counts.ToFrozenDictionary(StringComparer.Ordinal), length, TeamGlossary.Pairs([item]))
        {
            TextLanguage = TeamLanguage.Of(item.Text),
        };
    }

    /// <summary>How the item's text counts for the team's language (<see cref="TeamLanguage.Of(string?)"/>): the same for an item that says the same.</summary>
    public (int Russian, int English) TextLanguage { get; private init; }

    /// <summary>True when <paramref name="item"/> of <paramref name="state"/> says what this analysis was made from.</summary>
    public bool SaysTheSame(ExpertState state, KnowledgeItem item) =>
        (ReferenceEquals(Item, item) || SameWords(Item, item)) && TaskTexts.SequenceEqual(TaskTextsOf(state, item), StringComparer.Ordinal);

    // Everything analyzed or read for pairs: the section (a case reads its task), the text, every field and every solution.
    private static bool SameWords(KnowledgeItem a, KnowledgeItem b) =>
        a.Section == b.Section && string.Equals(a.Text, b.Text, StringComparison.Ordinal)
        && a.Solutions.SequenceEqual(b.Solutions, StringComparer.Ordinal)
        && a.Fields.Count == b.Fields.Count
        && a.Fields.All(f => b.Fields.TryGetValue(f.Key, out var value) && string.Equals(f.Value, value, StringComparison.Ordinal));

    // What an item says: its text, the fields that carry meaning (not dates, ids or headings) and every solution.
    private static IEnumerable<string> Texts(KnowledgeItem item)
    {
        yield return item.Text;
        foreach (var name in MeaningFields)
            if (item.Fields.TryGetValue(name, out var value) && value.Length > 0) yield return value;
        foreach (var solution in item.Solutions) yield return solution;
    }

    // A case entry also says what its task's report says of the task as a whole (its description is the item's own field).
    private static string[] TaskTextsOf(ExpertState state, KnowledgeItem item)
    {
        if (item.Section != SectionKind.Case || item.Field(ItemFields.Task) is not { Length: > 0 } id || state.Task(id) is not { } task) return [];
        return [.. task.WhatWorked ?? [], .. task.WhatToImprove ?? [], .. task.NewKnowledge ?? []];
    }
}
