using System.Collections.Concurrent;

namespace KnowledgeOs.Application;

/// <summary>
/// The one eviction of the caches (<see cref="BoundedMemo{TKey, TToken, TValue}"/>, <see cref="StateCache"/>, the
/// vectors' <c>VectorCache</c>): every use of an entry is stamped from one clock, and past the cache's capacity (in
/// entries, or in what they weigh) the entries used least recently go, so what readers use all the time stays kept (a
/// cache cleared when full starts again cold).
/// </summary>
public sealed class LeastUsed
{
    /// <summary>When an entry was last used: a stamp of the cache's clock.</summary>
    public sealed class Stamp(long at)
    {
        internal long At = at;
    }

    private readonly Lock _trimming = new();
    private long _clock;

    /// <summary>A stamp of now, for a new entry.</summary>
    public Stamp Now() => new(Interlocked.Increment(ref _clock));

    /// <summary>Notes a use of the entry stamped <paramref name="stamp"/>.</summary>
    public void Use(Stamp stamp) => Volatile.Write(ref stamp.At, Interlocked.Increment(ref _clock));

    /// <summary>When <paramref name="entries"/> holds <paramref name="capacity"/> or more, lets go of the half used least
    /// recently (each entry's stamp from <paramref name="stampOf"/>); one trim at a time (the others go on adding meanwhile).</summary>
    /// <returns>The keys let go of.</returns>
    public IReadOnlyList<TKey> Trim<TKey, TEntry>(ConcurrentDictionary<TKey, TEntry> entries, int capacity, Func<TEntry, Stamp> stampOf)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(stampOf);
        lock (_trimming)
        {
            if (entries.Count < capacity) return [];
            var uses = entries.Select(e => Volatile.Read(ref stampOf(e.Value).At)).ToArray();
            Array.Sort(uses);
            var keepFrom = uses[uses.Length / 2];
            var dropped = new List<TKey>();
            foreach (var (key, entry) in entries)
                if (Volatile.Read(ref stampOf(entry).At) < keepFrom && entries.TryRemove(new KeyValuePair<TKey, TEntry>(key, entry))) dropped.Add(key);
            return dropped;
        }
    }

    /// <summary>When the entries of <paramref name="entries"/> weigh more than <paramref name="capacity"/> together (each
    /// <paramref name="weight"/>), lets go of those used least recently until the rest fit; <paramref name="kept"/> (the
    /// one just filled) goes last, and it too when alone it does not fit. An entry let go of is removed, or, given
    /// <paramref name="release"/>, stays (with what it keeps besides, such as when to load again) and is released of
    /// what it weighs; then entries that weigh nothing hold nothing to let go of and are passed over.</summary>
    public void TrimWeight<TKey, TEntry>(ConcurrentDictionary<TKey, TEntry> entries, long capacity, Func<TEntry, Stamp> stampOf,
        Func<TEntry, long> weight, TEntry kept, Action<TEntry>? release = null) where TKey : notnull where TEntry : class
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(stampOf);
        ArgumentNullException.ThrowIfNull(weight);
        lock (_trimming)
        {
            var held = entries.Values.Sum(weight);
            if (held <= capacity) return;
            var oldestFirst = entries.OrderBy(e => ReferenceEquals(e.Value, kept)).ThenBy(e => Volatile.Read(ref stampOf(e.Value).At)).ToList();
            foreach (var entry in oldestFirst)
            {
                if (held <= capacity) return;
                var weighs = weight(entry.Value);
                if (release is null)
                {
                    if (entries.TryRemove(entry)) held -= weighs;
                }
                else if (weighs > 0)
                {
                    release(entry.Value);
                    held -= weighs;
                }
            }
        }
    }
}
