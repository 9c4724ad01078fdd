using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;

namespace KnowledgeOs.Learning;

/// <summary>
/// What a report's <c>usedItems</c> teach: one <see cref="ItemUsed"/> per used item an expert holds, with the task's
/// outcome (docs/RETRIEVAL.md, "Usefulness"). Pure: an item that already counts this task gives nothing.
/// </summary>
public static class ItemUsage
{
    /// <summary>Item ids from a report's <c>usedItems</c>: item ids as given, pack ids resolved, each once, in order.</summary>
    public static IReadOnlyList<string> Resolve(IEnumerable<string> used, string field) =>
        [.. used.SelectMany((u, i) => PackId.IsPackId(u) ? PackId.Items(u, $"{field}[{i}]") : [u]).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// The task's outcome for the items it used: a failure when any participant failed, a success when all succeeded,
    /// unknown when none said, partial otherwise.
    /// </summary>
    public static Outcome OutcomeOf(TaskReport report)
    {
        var outcomes = report.Participants.Select(p => p.Outcome).ToList();
        if (outcomes.Contains(Outcome.Failure)) return Outcome.Failure;
        if (outcomes.All(o => o == Outcome.Success)) return Outcome.Success;
        if (outcomes.All(o => o == Outcome.Unknown)) return Outcome.Unknown;
        return Outcome.Partial;
    }

    /// <summary>The experts' items the report used; the ones this task already counts give nothing.</summary>
    public static IReadOnlyList<KnowledgeEvent> Decide(ExpertState state, TaskReport report)
    {
        if (report.UsedItems is not { Count: > 0 } used) return [];
        var outcome = OutcomeOf(report);
        return [.. used
            .Where(id => state.Items.TryGetValue(id, out var item) && !item.HasUse(report.TaskId))
            .Select(id => new ItemUsed { ItemId = id, TaskId = report.TaskId, Outcome = outcome, Source = report.Source, At = report.CompletedAt })];
    }

    /// <summary>True when the expert holds any item the report used.</summary>
    public static bool Holds(ExpertState state, TaskReport report) =>
        report.UsedItems is { Count: > 0 } used && used.Any(state.Items.ContainsKey);
}
