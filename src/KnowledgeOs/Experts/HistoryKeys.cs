using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace KnowledgeOs.Experts;

/// <summary>
/// Which keys one of an item's growing histories holds — the sources of its <see cref="KnowledgeItem.Confirmations"/>,
/// the tasks of its <see cref="KnowledgeItem.Uses"/> — so "already counted?" is a lookup, not a scan of every
/// confirmation or use (asked per touched item by every report's decide and fold, and a popular item gains one per task).
/// The keys hang off the immutable list itself, as <see cref="TaskPositions"/> do (a weak table: never stored, never
/// part of an item's equality or its JSON): the fold carries them from a list to the list it makes by adding an entry;
/// a list the fold did not make (read from a snapshot) gets its keys on its first lookup. Lists of up to
/// <see cref="ScanUpTo"/> entries are scanned: a few dozen comparisons cost less than the table.
/// </summary>
/// <typeparam name="T">The entry type (<see cref="Confirmation"/>, <see cref="ItemUse"/>).</typeparam>
internal static class HistoryKeys<T> where T : class
{
    // Up to this many entries a scan answers (a few dozen ordinal comparisons cost less than a set carried through every
    // add, whose table entry the GC tracks); above it the keys are built once and carried.
    internal const int ScanUpTo = 32;

    private static readonly ConditionalWeakTable<ImmutableList<T>, ImmutableHashSet<string>> Known = new();

    /// <summary>Whether any entry of <paramref name="list"/> has <paramref name="key"/> (ordinal).</summary>
    public static bool Contains(ImmutableList<T> list, string key, Func<T, string> keyOf)
    {
        if (list.Count <= ScanUpTo)
        {
            foreach (var entry in list)
                if (string.Equals(keyOf(entry), key, StringComparison.Ordinal)) return true;
            return false;
        }
        if (!Known.TryGetValue(list, out var keys)) keys = Known.GetValue(list, l => Build(l, keyOf));
        return keys.Contains(key);
    }

    /// <summary>The list with <paramref name="entry"/> added at its end, its keys carried over when the list had them.</summary>
    public static ImmutableList<T> Add(ImmutableList<T> list, T entry, Func<T, string> keyOf)
    {
        var added = list.Add(entry);
        if (Known.TryGetValue(list, out var keys)) Known.AddOrUpdate(added, keys.Add(keyOf(entry)));
        return added;
    }

    private static ImmutableHashSet<string> Build(ImmutableList<T> list, Func<T, string> keyOf)
    {
        var keys = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var entry in list) keys.Add(keyOf(entry));
        return keys.ToImmutable();
    }
}
