using KnowledgeOs.Server.Auth;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Api;

/// <summary>The rate limits' buckets on a fake clock: refilled from the time passed when a key comes back, and a bounded table.</summary>
public sealed class TokenBucketsRateLimitTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UnixEpoch);

    private static int Granted(TokenBuckets<string> buckets, string key, int tries) =>
        Enumerable.Range(0, tries).Count(_ => buckets.TryAcquire(key));

    [Fact]
    public void A_drained_bucket_gains_its_tokens_per_whole_period_passed_and_never_more_than_its_limit()
    {
        var buckets = new TokenBuckets<string>(limit: 5, perPeriod: 2, TimeSpan.FromSeconds(1), maxKeys: 100, _clock);
        Assert.Equal(5, Granted(buckets, "k", 10));
        _clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, Granted(buckets, "k", 10));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, Granted(buckets, "k", 10));
        // 1.5 periods later: one period's tokens now, and the half period counts toward the next.
        _clock.Advance(TimeSpan.FromMilliseconds(1500));
        Assert.Equal(2, Granted(buckets, "k", 10));
        _clock.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, Granted(buckets, "k", 10));
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(5, buckets.Available("k"));
        Assert.Equal(5, Granted(buckets, "k", 10));
    }

    [Fact]
    public void A_bucket_left_alone_for_many_periods_is_full_not_overflowed()
    {
        var buckets = new TokenBuckets<string>(limit: 3, perPeriod: int.MaxValue, TimeSpan.FromTicks(1), maxKeys: 100, _clock);
        Assert.True(buckets.TryAcquire("k"));
        // 2^33 periods of int.MaxValue tokens: a product that wraps to a negative long.
        _clock.Advance(TimeSpan.FromTicks(1L << 33));
        Assert.Equal(3, buckets.Available("k"));
    }

    [Fact]
    public void Keys_have_their_own_buckets_and_asking_what_a_key_has_left_makes_none()
    {
        var buckets = new TokenBuckets<string>(limit: 3, perPeriod: 3, TimeSpan.FromMinutes(1), maxKeys: 100, _clock);
        Assert.Equal(3, Granted(buckets, "a", 5));
        Assert.Equal(0, buckets.Available("a"));
        Assert.Equal(3, buckets.Available("b"));
        Assert.Equal(1, buckets.Count);
        Assert.Equal(3, Granted(buckets, "b", 5));
        Assert.Equal(2, buckets.Count);
    }

    [Fact]
    public void Past_its_bound_the_table_drops_full_buckets_first_and_a_drained_key_stays_drained()
    {
        var buckets = new TokenBuckets<string>(limit: 2, perPeriod: 1, TimeSpan.FromSeconds(1), maxKeys: 8, _clock);
        Assert.Equal(2, Granted(buckets, "drained", 3));
        for (var i = 0; i < 7; i++) Assert.True(buckets.TryAcquire($"used-{i}"));
        Assert.Equal(8, buckets.Count);
        // A second later every bucket but the drained one is full again, as good as new: those go when the table is full.
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(buckets.TryAcquire("drained"));
        Assert.True(buckets.TryAcquire("newcomer"));
        Assert.Equal(2, buckets.Count);
        Assert.False(buckets.TryAcquire("drained"));
    }

    [Fact]
    public void A_stream_of_new_keys_that_stay_drained_never_grows_the_table_past_its_bound()
    {
        var buckets = new TokenBuckets<string>(limit: 1, perPeriod: 1, TimeSpan.FromMinutes(1), maxKeys: 16, _clock);
        var largest = 0;
        for (var i = 0; i < 1_000; i++)
        {
            Assert.True(buckets.TryAcquire($"address-{i}"));
            largest = Math.Max(largest, buckets.Count);
        }
        Assert.Equal(16, largest);
        // The most recent keys are the ones kept: the last one is still drained.
        Assert.False(buckets.TryAcquire("address-999"));
    }
}
