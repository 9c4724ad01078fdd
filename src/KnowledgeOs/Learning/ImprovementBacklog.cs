using KnowledgeOs.Experts;
using KnowledgeOs.Text;

namespace KnowledgeOs.Learning;

/// <summary>One entry of an expert's improvement backlog.</summary>
/// <param name="Text">What to improve, as first reported.</param>
/// <param name="TaskId">The task whose report asked for it first.</param>
/// <param name="At">When that task completed.</param>
/// <param name="AddressedBy">The source of the later evidence that addressed it, or null while it is open.</param>
public sealed record Improvement(string Text, string TaskId, DateTimeOffset At, string? AddressedBy)
{
    /// <summary>True until a later task addressed it.</summary>
    public bool IsOpen => AddressedBy is null;
}

/// <summary>
/// The expert's improvement backlog, derived from the <c>what_to_improve</c> of its tasks: one entry per distinct
/// text (normalized), open until a later task's report brings the same text as something that worked or was learned
/// (an active item of the expert with evidence dated after the task that asked for it).
/// </summary>
public static class ImprovementBacklog
{
    /// <summary>Every entry, oldest first.</summary>
    public static IReadOnlyList<Improvement> Of(ExpertState state)
    {
        var entries = new List<Improvement>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var task in state.Tasks.OrderBy(t => t.At))
        {
            foreach (var text in task.ToImprove)
            {
                var key = TextKey.Of(text);
                if (key.Length == 0 || !seen.Add(key)) continue;
                var addressedBy = state.Items.Values
                    .Where(i => i.IsActive && TextKey.Of(i.Text) == key)
                    .SelectMany(i => i.Confirmations.Select(c => (c.Source, c.At)).Prepend((Source: i.Source, At: i.FirstAt)))
                    .Where(e => e.At > task.At && e.Source != task.Source)
                    .OrderBy(e => e.At)
                    .Select(e => e.Source)
                    .FirstOrDefault();
                entries.Add(new Improvement(text, task.TaskId, task.At, addressedBy));
            }
        }
        return entries;
    }
}
