using System.Runtime.InteropServices;

namespace KnowledgeOs.Text;

/// <summary>A dictionary's entries (lower-case words, ё folded) and each entry's flags, one character per flag.</summary>
internal abstract class HunspellEntries
{
    /// <summary>Distinct entries.</summary>
    public abstract int Count { get; }

    /// <summary>The word is an entry.</summary>
    public abstract bool Contains(string word);

    /// <summary>The word is an entry whose flags hold <paramref name="flag"/>.</summary>
    public abstract bool HasFlag(string word, string flag);
}

/// <summary>Entries as the text dictionary was read: a hash table built by this process.</summary>
internal sealed class HashedEntries(Dictionary<string, string> entries) : HunspellEntries
{
    /// <summary>Entry → its flags.</summary>
    public Dictionary<string, string> Table => entries;

    public override int Count => entries.Count;

    public override bool Contains(string word) => entries.ContainsKey(word);

    public override bool HasFlag(string word, string flag) =>
        entries.TryGetValue(word, out var flags) && flags.Contains(flag, StringComparison.Ordinal);
}

/// <summary>
/// Entries as a cache file holds them (<see cref="HunspellCacheFile"/>): entries sorted in ordinal order, each its word's
/// characters followed by its flags, found by binary search in the file's bytes; nothing is built per entry.
/// </summary>
internal sealed class SortedEntries(byte[] bytes, int startsAt, int lengthsAt, int charsAt, int count) : HunspellEntries
{
    public override int Count => count;

    public override bool Contains(string word) => Find(word) >= 0;

    public override bool HasFlag(string word, string flag)
    {
        var i = Find(word);
        return i >= 0 && Flags(i).IndexOf(flag.AsSpan()) >= 0;
    }

    private ReadOnlySpan<int> Starts => MemoryMarshal.Cast<byte, int>(bytes.AsSpan(startsAt, (count + 1) * sizeof(int)));

    private ReadOnlySpan<int> Lengths => MemoryMarshal.Cast<byte, int>(bytes.AsSpan(lengthsAt, count * sizeof(int)));

    private ReadOnlySpan<char> Chars => MemoryMarshal.Cast<byte, char>(bytes.AsSpan(charsAt));

    private ReadOnlySpan<char> Word(int i) => Chars.Slice(Starts[i], Lengths[i]);

    private ReadOnlySpan<char> Flags(int i)
    {
        var starts = Starts;
        var from = starts[i] + Lengths[i];
        return Chars[from..starts[i + 1]];
    }

    private int Find(ReadOnlySpan<char> word)
    {
        int low = 0, high = count - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var order = Word(middle).SequenceCompareTo(word);
            if (order == 0) return middle;
            if (order < 0) low = middle + 1;
            else high = middle - 1;
        }
        return -1;
    }
}
