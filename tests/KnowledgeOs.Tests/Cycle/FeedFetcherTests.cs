using KnowledgeOs.Cycle;
using KnowledgeOs.Feeds;
using KnowledgeOs.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeOs.Tests.Cycle;

/// <summary>Feeds against a real Kestrel server on loopback that fails on purpose. No timing assertions: counts and messages.</summary>
public sealed class FeedFetcherTests : IAsyncLifetime
{
    private LoopbackFeedServer _server = null!;

    internal static FeedHttpOptions Fast => new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(1),
        TotalTimeout = TimeSpan.FromSeconds(10),
        MaxRetries = 2,
        BaseDelay = TimeSpan.FromMilliseconds(40),
        MaxDelay = TimeSpan.FromSeconds(2),
        Jitter = 0.25,
        BreakerMinimumThroughput = 3,
        BreakerFailureRatio = 0.5,
        BreakerSamplingDuration = TimeSpan.FromMinutes(1),
        BreakDuration = TimeSpan.FromSeconds(1),
        MaxConcurrency = 2,
        MaxBytes = 1024 * 1024,
    };

    public async Task InitializeAsync() => _server = await LoopbackFeedServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static FeedFetcher Fetcher(FeedHttpOptions? options = null) => new(options ?? Fast, TimeProvider.System, NullLogger.Instance);

    private Task<FeedFetch> Fetch(FeedFetcher f, string path, FeedState? previous = null) =>
        f.FetchAsync(new FeedSource(_server.Url(path)), previous, CancellationToken.None);

    [Fact]
    public async Task Rss_atom_and_json_feeds_are_fetched_and_parsed_in_one_attempt()
    {
        using var f = Fetcher();
        foreach (var (path, format) in new[] { ("/rss.xml", "rss"), ("/atom.xml", "atom"), ("/feed.json", "json") })
        {
            var r = await Fetch(f, path);
            Assert.Equal((FeedStatus.Ok, format, 1), (r.Status, r.Document!.Format, r.Attempts));
        }
        Assert.Empty(f.Retries);
    }

    [Fact]
    public async Task A_feed_that_returns_500_then_200_is_retried_once_and_succeeds()
    {
        using var f = Fetcher();
        var r = await Fetch(f, "/flaky.xml");
        Assert.Equal(FeedStatus.Ok, r.Status);
        Assert.Equal(2, r.Attempts);
        Assert.Equal(2, _server.Hits("/flaky.xml"));
        var retry = Assert.Single(f.Retries);
        Assert.Equal(("HTTP 500", 0), (retry.Reason, retry.Attempt));
    }

    [Fact]
    public async Task With_no_retries_a_failing_feed_is_fetched_exactly_once_and_its_http_500_is_reported()
    {
        var options = Fast;
        options.MaxRetries = 0;
        using var f = Fetcher(options);
        var r = await Fetch(f, "/always-500.xml");
        Assert.Equal(FeedStatus.Failed, r.Status);
        Assert.Contains("HTTP 500", r.Error);
        Assert.DoesNotContain("MaxRetryAttempts", r.Error);
        Assert.Equal((1, 1), (r.Attempts, _server.Hits("/always-500.xml")));
        Assert.Empty(f.Retries);
    }

    [Fact]
    public void A_negative_max_retries_is_a_config_error_naming_the_key()
    {
        var options = Fast;
        options.MaxRetries = -1;
        var e = Assert.Throws<KnowledgeOs.InputException>(options.Validate);
        Assert.Contains("Cycle:Http:MaxRetries", e.Message);
    }

    [Fact]
    public async Task A_feed_that_keeps_failing_is_tried_one_plus_max_retries_times_with_exponentially_growing_jittered_delays()
    {
        var options = Fast;
        using var f = Fetcher(options);
        var r = await Fetch(f, "/always-500.xml");
        Assert.Equal(FeedStatus.Failed, r.Status);
        Assert.Contains("HTTP 500", r.Error);
        Assert.Equal(1 + options.MaxRetries, _server.Hits("/always-500.xml"));
        var delays = f.Retries.Select(x => x.Delay.TotalMilliseconds).ToList();
        Assert.Equal(options.MaxRetries, delays.Count);
        for (var n = 0; n < delays.Count; n++)
        {
            // base × 2^n stretched by a jitter share in [0, 0.25): each delay lies in its own band, so each is longer than the last.
            var low = options.BaseDelay.TotalMilliseconds * Math.Pow(2, n);
            Assert.InRange(delays[n], low, low * 1.25);
        }
    }

    [Fact]
    public void The_backoff_is_exponential_with_jitter_and_capped_at_the_maximum()
    {
        var options = Fast;
        options.BaseDelay = TimeSpan.FromSeconds(1);
        options.MaxDelay = TimeSpan.FromSeconds(5);
        using var f = Fetcher(options);
        var samples = Enumerable.Range(0, 200).Select(_ => f.Backoff(1, null).TotalMilliseconds).ToList();
        Assert.All(samples, d => Assert.InRange(d, 2000, 2500));
        Assert.True(samples.Distinct().Count() > 1, "jitter makes the delays differ");
        Assert.Equal(5000, f.Backoff(6, null).TotalMilliseconds);
    }

    [Fact]
    public async Task After_repeated_failures_the_circuit_opens_refuses_calls_without_reaching_the_server_then_lets_a_trial_through()
    {
        using var f = Fetcher();
        var first = await Fetch(f, "/recovering.xml");
        Assert.Equal(FeedStatus.Failed, first.Status);
        var hits = _server.Hits("/recovering.xml");
        var refused = await Fetch(f, "/recovering.xml");
        Assert.Equal(FeedStatus.Failed, refused.Status);
        Assert.Contains("circuit for this feed is open", refused.Error);
        Assert.Equal(hits, _server.Hits("/recovering.xml"));
        // Other feeds are not affected by this feed's circuit.
        Assert.Equal(FeedStatus.Ok, (await Fetch(f, "/rss.xml")).Status);

        // After the break the circuit is half-open: a trial call goes through; the source keeps failing a little
        // longer (503 up to the sixth request), so the fetch succeeds after a retry or another break.
        FeedFetch last = refused;
        for (var i = 0; i < 10 && last.Status != FeedStatus.Ok; i++)
        {
            await Task.Delay(Fast.BreakDuration + TimeSpan.FromMilliseconds(200));
            last = await Fetch(f, "/recovering.xml");
        }
        Assert.Equal(FeedStatus.Ok, last.Status);
        Assert.True(_server.Hits("/recovering.xml") > hits);
    }

    [Theory]
    [InlineData("/slow-headers.xml")]
    [InlineData("/slow-body.xml")]
    public async Task A_feed_that_is_too_slow_times_out_on_every_attempt_and_says_so(string path)
    {
        using var f = Fetcher();
        var r = await Fetch(f, path);
        Assert.Equal(FeedStatus.Failed, r.Status);
        Assert.Contains("timed out", r.Error);
        Assert.Equal(1 + Fast.MaxRetries, _server.Hits(path));
        Assert.All(f.Retries, x => Assert.Equal("TimeoutRejectedException", x.Reason));
    }

    [Theory]
    [InlineData("/html", "returned an HTML page")]
    [InlineData("/broken.xml", "invalid XML at line 1")]
    [InlineData("/huge.xml", "over the limit of 1,048,576 bytes")]
    [InlineData("/huge-declared.xml", "the body is 20,971,520 bytes; the limit is 1,048,576")]
    public async Task A_response_that_is_not_a_usable_feed_fails_at_once_with_a_clear_message_and_is_not_retried(string path, string expected)
    {
        using var f = Fetcher();
        var r = await Fetch(f, path);
        Assert.Equal(FeedStatus.Failed, r.Status);
        Assert.Contains(expected, r.Error);
        Assert.Equal(1, _server.Hits(path));
        Assert.Empty(f.Retries);
    }

    [Fact]
    public async Task A_second_fetch_sends_the_stored_etag_and_a_304_parses_nothing()
    {
        using var f = Fetcher();
        var first = await Fetch(f, "/etag.xml");
        Assert.Equal((FeedStatus.Ok, "\"v1\"", "Mon, 02 Mar 2026 10:00:00 GMT"), (first.Status, first.ETag, first.LastModified));
        var second = await Fetch(f, "/etag.xml", new FeedState("demo", _server.Url("/etag.xml"), first.ETag, first.LastModified, null, FeedStatus.Ok, null));
        Assert.Equal(FeedStatus.NotModified, second.Status);
        Assert.Null(second.Document);
        Assert.Null(_server.IfNoneMatch.First());
        Assert.Equal("\"v1\"", _server.IfNoneMatch.Last());
    }
}
