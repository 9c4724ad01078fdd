using System.Collections.Concurrent;

namespace KnowledgeOs.Application;

/// <summary>
/// The one cache type of derived data (renderings, HTML, analyzed items, per-team values): a value per key kept with the
/// freshness token it was built for (a stream's version and projection generation, a team's head and generation), handed
/// back only while the caller's token is the same, and bounded: past <c>capacity</c> keys, the half used least recently
/// goes (<see cref="LeastUsed"/>), so what readers use all the time stays kept (a cache cleared when full renders its most popular page again).
/// </summary>
/// <typeparam name="TKey">What a value belongs to (a stream and language, a team).</typeparam>
/// <typeparam name="TToken">What the value was built for; equal tokens mean the value is current.</typeparam>
/// <typeparam name="TValue">What is kept.</typeparam>
/// <param name="capacity">Keys kept at most.</param>
public sealed class BoundedMemo<TKey, TToken, TValue>(int capacity) where TKey : notnull
{
    private sealed class Entry(TToken token, TValue value, LeastUsed.Stamp used)
    {
        public TToken Token { get; } = token;
        public TValue Value { get; } = value;
        public LeastUsed.Stamp Used { get; } = used;
    }

    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();
    private readonly LeastUsed _uses = new();

    /// <summary>Keys kept now.</summary>
    public int Count => _entries.Count;

    /// <summary>The value kept for a key and the token it was built for, whatever that token is (to build on when stale).</summary>
    public bool TryGet(TKey key, out TToken token, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            _uses.Use(entry.Used);
            (token, value) = (entry.Token, entry.Value);
            return true;
        }
        (token, value) = (default!, default!);
        return false;
    }

    /// <summary>The value kept for <paramref name="key"/> when built for <paramref name="token"/>, else <paramref name="build"/>'s, which is kept.</summary>
    public TValue Get(TKey key, TToken token, Func<TValue> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        if (TryGet(key, out var kept, out var value) && EqualityComparer<TToken>.Default.Equals(kept, token)) return value;
        value = build();
        Set(key, token, value);
        return value;
    }

    /// <summary>Keeps <paramref name="value"/> as built for <paramref name="token"/>.</summary>
    public void Set(TKey key, TToken token, TValue value)
    {
        if (_entries.Count >= capacity && !_entries.ContainsKey(key)) _uses.Trim(_entries, capacity, e => e.Used);
        _entries[key] = new Entry(token, value, _uses.Now());
    }
}
