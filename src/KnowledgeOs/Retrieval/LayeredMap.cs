namespace KnowledgeOs.Retrieval;

/// <summary>
/// A string-keyed map that is never changed once built, made from the one before by a few changes: a base shared with
/// the maps before it and the entries changed since. A write that moves a few terms' counts (or a few items' analyses)
/// costs those entries, not a copy of every one; the changes are folded into a new base once they pass an eighth of it,
/// so a lookup is at most two and a change costs a small share of the base on average. Safe for concurrent readers.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
internal sealed class LayeredMap<T>
{
    // Never changed after construction: readers on other threads may hold an older map built on the same base.
    private readonly Dictionary<string, T> _base;
    private readonly Dictionary<string, (bool Present, T Value)> _changed;

    private LayeredMap(Dictionary<string, T> baseMap, Dictionary<string, (bool Present, T Value)> changed) =>
        (_base, _changed) = (baseMap, changed);

    /// <summary>A map of these entries (taken over: the caller must not change the dictionary afterwards).</summary>
    public static LayeredMap<T> Of(Dictionary<string, T> entries) => new(entries, new(StringComparer.Ordinal));

    /// <summary>The value of a key, when present.</summary>
    public bool TryGetValue(string key, out T value)
    {
        if (_changed.TryGetValue(key, out var changed))
        {
            value = changed.Value;
            return changed.Present;
        }
        return _base.TryGetValue(key, out value!);
    }

    /// <summary>The value of a key, or the type's default.</summary>
    public T? GetValueOrDefault(string key) => TryGetValue(key, out var value) ? value : default;

    /// <summary>True when the key is present.</summary>
    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <summary>Every entry present, in no particular order.</summary>
    public IEnumerable<KeyValuePair<string, T>> Entries()
    {
        foreach (var (key, (present, value)) in _changed)
            if (present) yield return new(key, value);
        foreach (var entry in _base)
            if (!_changed.ContainsKey(entry.Key)) yield return entry;
    }

    /// <summary>
    /// This map with <paramref name="changes"/> applied (a key set to a value, or removed when not present); this map is
    /// left as it was. No change: this map itself.
    /// </summary>
    public LayeredMap<T> With(IReadOnlyDictionary<string, (bool Present, T Value)> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0) return this;
        if (_changed.Count + changes.Count <= Math.Max(64, _base.Count / 8))
        {
            var changed = new Dictionary<string, (bool Present, T Value)>(_changed, StringComparer.Ordinal);
            foreach (var (key, change) in changes) changed[key] = change;
            return new LayeredMap<T>(_base, changed);
        }
        var flat = new Dictionary<string, T>(_base, StringComparer.Ordinal);
        foreach (var (key, (present, value)) in _changed.Concat(changes))
        {
            if (present) flat[key] = value;
            else flat.Remove(key);
        }
        return Of(flat);
    }
}

/// <summary>Counts kept in a <see cref="LayeredMap{T}"/> (term → how many items hold it): a key whose count falls to 0 is removed.</summary>
internal static class LayeredCounts
{
    /// <summary>Adds <paramref name="deltas"/> (key → change, ±) to the counts; the counts given are left as they were.</summary>
    public static LayeredMap<int> Plus(this LayeredMap<int> counts, IReadOnlyDictionary<string, int> deltas)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(deltas);
        var changes = new Dictionary<string, (bool Present, int Value)>(deltas.Count, StringComparer.Ordinal);
        foreach (var (key, delta) in deltas)
        {
            if (delta == 0) continue;
            var count = counts.GetValueOrDefault(key) + delta;
            changes[key] = (count != 0, count);
        }
        return counts.With(changes);
    }

    /// <summary>Adds a term map's keys to <paramref name="deltas"/> with <paramref name="sign"/> (+1 or −1) each.</summary>
    public static void Count(Dictionary<string, int> deltas, IEnumerable<string> keys, int sign)
    {
        foreach (var key in keys)
        {
            ref var delta = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(deltas, key, out _);
            delta += sign;
        }
    }
}
