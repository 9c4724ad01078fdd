using KnowledgeOs.Events;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Retrieval.Cache;

/// <summary>
/// What a team's events since a view's head changed in the store's item rows: per expert the items its events name
/// (the events the stores' item projection writes rows for, <see cref="TouchedItems"/>), or the whole expert when an
/// event may change rows it does not name (a merge either way). Other events (tasks, profile, aliases…) leave the
/// item rows as they were and re-read nothing.
/// </summary>
internal sealed class CatchUpChanges
{
    private readonly Dictionary<string, HashSet<string>> _items = new(StringComparer.Ordinal);

    /// <summary>Experts whose items are all re-read.</summary>
    public HashSet<string> Experts { get; } = new(StringComparer.Ordinal);

    /// <summary>Per expert not wholly re-read, the ids of the items to re-read.</summary>
    public IReadOnlyDictionary<string, HashSet<string>> Items => _items;

    /// <summary>(expert, item id) of every item re-read one by one.</summary>
    public IEnumerable<(string Expert, string ItemId)> ItemKeys => _items.SelectMany(e => e.Value.Select(id => (e.Key, id)));

    /// <summary>Notes one event of the team's log.</summary>
    public void Add(StoredEvent stored)
    {
        var expert = stored.Stream.Expert;
        if (stored.Event is ExpertMerged or ExpertMergedInto)
        {
            Experts.Add(expert);
            _items.Remove(expert);
        }
        else if (TouchedItems.ItemOf(stored.Event) is { } itemId && !Experts.Contains(expert))
        {
            if (!_items.TryGetValue(expert, out var ids)) _items[expert] = ids = new HashSet<string>(StringComparer.Ordinal);
            ids.Add(itemId);
        }
    }
}
