namespace KnowledgeOs.Server.Auth;

/// <summary>
/// One token bucket per key (an API key's id, a client address): <see cref="Limit"/> tokens at most, <c>perPeriod</c>
/// added at the end of each whole period since the bucket was made. A bucket is refilled from the clock when its key
/// comes back, never by a timer, so an idle server does no work for it (.NET's <c>PartitionedRateLimiter.Create</c>
/// runs a 100 ms heartbeat for its whole life; BENCHMARKS "idleserve"). The table is bounded: past
/// <c>maxKeys</c> keys, the full buckets (as good as new) are dropped first, then the least recently used.
/// </summary>
public sealed class TokenBuckets<TKey> where TKey : notnull
{
    private readonly Dictionary<TKey, Bucket> _buckets = [];
    private readonly Lock _lock = new();
    private readonly int _perPeriod;
    private readonly TimeSpan _period;
    private readonly int _maxKeys;
    private readonly TimeProvider _time;

    /// <summary>Buckets of <paramref name="limit"/> tokens that gain <paramref name="perPeriod"/> each <paramref name="period"/>.</summary>
    public TokenBuckets(int limit, int perPeriod, TimeSpan period, int maxKeys, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perPeriod);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxKeys, 2);
        ArgumentNullException.ThrowIfNull(time);
        (Limit, _perPeriod, _period, _maxKeys, _time) = (limit, perPeriod, period, maxKeys, time);
    }

    /// <summary>The most tokens a bucket holds; a new key starts full.</summary>
    public int Limit { get; }

    /// <summary>How many keys have a bucket now.</summary>
    public int Count
    {
        get
        {
            lock (_lock) return _buckets.Count;
        }
    }

    /// <summary>Takes one token of the key's bucket; false when it has none left.</summary>
    public bool TryAcquire(TKey key)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                if (_buckets.Count >= _maxKeys) Trim(now);
                bucket = new Bucket { Tokens = Limit, Since = now };
                _buckets.Add(key, bucket);
            }
            Refill(bucket, now);
            bucket.Used = now;
            if (bucket.Tokens == 0) return false;
            bucket.Tokens--;
            return true;
        }
    }

    /// <summary>The tokens the key has left now, without making it a bucket.</summary>
    public int Available(TKey key)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            if (!_buckets.TryGetValue(key, out var bucket)) return Limit;
            Refill(bucket, now);
            return bucket.Tokens;
        }
    }

    private void Refill(Bucket bucket, long now)
    {
        var periods = _time.GetElapsedTime(bucket.Since, now).Ticks / _period.Ticks;
        if (periods == 0) return;
        // periods >= Limit fills any bucket (perPeriod >= 1), and keeps the product below from overflowing after a long quiet.
        bucket.Tokens = periods >= Limit ? Limit : (int)Math.Min(Limit, bucket.Tokens + periods * _perPeriod);
        // The next refill stays on the bucket's own period boundaries, as a limiter's replenishment timer would.
        bucket.Since += (long)((Int128)periods * _period.Ticks * _time.TimestampFrequency / TimeSpan.TicksPerSecond);
    }

    // Frees at least a quarter of the table, so a stream of new keys pays for a trim once per maxKeys/4 keys.
    private void Trim(long now)
    {
        foreach (var (key, bucket) in _buckets)
        {
            Refill(bucket, now);
            if (bucket.Tokens == Limit) _buckets.Remove(key);
        }
        if (_buckets.Count <= _maxKeys * 3 / 4) return;
        foreach (var (key, _) in _buckets.OrderBy(b => b.Value.Used).Take(_buckets.Count - _maxKeys / 2).ToList())
            _buckets.Remove(key);
    }

    private sealed class Bucket
    {
        public int Tokens;
        public long Since;
        public long Used;
    }
}
