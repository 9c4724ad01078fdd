using KnowledgeOs.Events;
using KnowledgeOs.Experts;

namespace KnowledgeOs.Storage;

/// <summary>
/// The item rows an append changes, for the stores' item projections: each item its events name, once, as it
/// stands in the new state (or its id when the new state no longer has it).
/// </summary>
public static class TouchedItems
{
    /// <summary>Items named by the append's events: present in the new state, and ids no longer in it.</summary>
    public static (IReadOnlyList<KnowledgeItem> Present, IReadOnlyList<string> Removed) Of(StreamAppend append)
    {
        ArgumentNullException.ThrowIfNull(append);
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var present = new List<KnowledgeItem>();
        var removed = new List<string>();
        foreach (var e in append.Events)
        {
            var id = ItemOf(e);
            if (id is null || !touched.Add(id)) continue;
            if (append.NewState.Items.TryGetValue(id, out var item)) present.Add(item);
            else removed.Add(id);
        }
        return (present, removed);
    }

    /// <summary>The item whose row the event changes, or null when it changes none.</summary>
    public static string? ItemOf(KnowledgeEvent e) => e switch
    {
        KnowledgeRecorded r => r.ItemId,
        KnowledgeConfirmed c => c.ItemId,
        KnowledgeRetracted x => x.ItemId,
        KnowledgePromoted p => p.ItemId,
        _ => null,
    };
}
