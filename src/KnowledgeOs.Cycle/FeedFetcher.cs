using System.Collections.Concurrent;
using System.Net;
using System.Text;
using KnowledgeOs.Feeds;
using KnowledgeOs.Storage;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace KnowledgeOs.Cycle;

/// <summary>The outcome of fetching one feed.</summary>
/// <param name="Url">The feed.</param>
/// <param name="Status">How the fetch went.</param>
/// <param name="Document">The parsed feed when ok.</param>
/// <param name="ETag">Validator to keep for the next conditional GET.</param>
/// <param name="LastModified">Validator to keep for the next conditional GET.</param>
/// <param name="Error">Why it failed, in one line.</param>
/// <param name="Attempts">HTTP attempts made (1 + retries).</param>
public sealed record FeedFetch(string Url, FeedStatus Status, FeedDocument? Document, string? ETag, string? LastModified, string? Error, int Attempts);

/// <summary>A retry the fetcher made, for logs and tests.</summary>
/// <param name="Url">The feed.</param>
/// <param name="Attempt">The attempt that failed, 0-based.</param>
/// <param name="Delay">The wait before the next attempt.</param>
/// <param name="Reason">What failed.</param>
public sealed record FeedRetry(string Url, int Attempt, TimeSpan Delay, string Reason);

/// <summary>
/// Fetches feeds with <see cref="HttpClient"/> behind a Microsoft.Extensions.Http.Resilience handler. Each feed URL
/// has its own pipeline — total timeout, retry (exponential backoff with jitter, honouring Retry-After), circuit
/// breaker, per-attempt timeout — so one failing source cannot open the circuit of another. The body is read inside
/// the attempt (so a slow body times out and is retried) and bounded by size; a conditional GET sends the stored
/// ETag / Last-Modified and a 304 parses nothing.
/// </summary>
public sealed class FeedFetcher : IDisposable
{
    private readonly FeedHttpOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _client;
    private readonly ConcurrentDictionary<string, ResiliencePipeline<HttpResponseMessage>> _pipelines = new(StringComparer.Ordinal);

    /// <summary>Creates a fetcher; <paramref name="primary"/> replaces the socket handler (tests).</summary>
    public FeedFetcher(FeedHttpOptions options, TimeProvider time, ILogger logger, HttpMessageHandler? primary = null)
    {
        _options = options;
        _time = time;
        _logger = logger;
        var sockets = primary ?? new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = options.AttemptTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        var bounded = new BoundedBodyHandler(options.MaxBytes) { InnerHandler = sockets };
        var resilience = new ResilienceHandler(request => Pipeline(request.RequestUri!.GetLeftPart(UriPartial.Query))) { InnerHandler = bounded };
        _client = new HttpClient(resilience) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        _client.DefaultRequestHeaders.Accept.ParseAdd("application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, application/json;q=0.8, */*;q=0.1");
    }

    /// <summary>Every retry made, in order (bounded to the last 1,000).</summary>
    public ConcurrentQueue<FeedRetry> Retries { get; } = new();

    /// <summary>Fetches and parses one feed; never throws for a bad source, only for cancellation.</summary>
    public async Task<FeedFetch> FetchAsync(FeedSource source, FeedState? previous, CancellationToken ct)
    {
        var attempts = 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, source.Url);
        if (previous?.ETag is { } etag) request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        if (previous?.LastModified is { } lm) request.Headers.TryAddWithoutValidation("If-Modified-Since", lm);
        var context = ResilienceContextPool.Shared.Get(ct);
        request.SetResilienceContext(context);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
            attempts = context.Properties.GetValue(AttemptsKey, 0) + 1;
            if (response.StatusCode == HttpStatusCode.NotModified)
                return new FeedFetch(source.Url, FeedStatus.NotModified, null, previous?.ETag, previous?.LastModified, null, attempts);
            if (!response.IsSuccessStatusCode)
                return Failed(source, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase} after {attempts} attempt(s)", attempts);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            var charset = response.Content.Headers.ContentType?.CharSet;
            var text = Decode(bytes, charset);
            var document = FeedParser.Parse(text, response.Content.Headers.ContentType?.MediaType, source.Url);
            return new FeedFetch(source.Url, FeedStatus.Ok, document, response.Headers.ETag?.ToString(),
                response.Content.Headers.LastModified?.ToString("R"), null, attempts);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            attempts = context.Properties.GetValue(AttemptsKey, 0) + 1;
            return Failed(source, Describe(ex, attempts), attempts);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static readonly ResiliencePropertyKey<int> AttemptsKey = new("kos.retries");

    private FeedFetch Failed(FeedSource source, string error, int attempts)
    {
        // Parser and size messages start with the URL; the report puts it in front of every error once.
        if (error.StartsWith(source.Url + ": ", StringComparison.Ordinal)) error = error[(source.Url.Length + 2)..];
        _logger.LogWarning("Feed {Url} failed: {Error}", source.Url, error);
        return new FeedFetch(source.Url, FeedStatus.Failed, null, null, null, error, attempts);
    }

    private string Describe(Exception ex, int attempts) => ex switch
    {
        BrokenCircuitException => $"the circuit for this feed is open after repeated failures; calls are refused for up to {_options.BreakDuration.TotalSeconds:0} s",
        TimeoutRejectedException => $"timed out (each attempt {_options.AttemptTimeout.TotalMilliseconds:0} ms, all {_options.TotalTimeout.TotalMilliseconds:0} ms) after {attempts} attempt(s)",
        FeedTooLargeException t => t.Message,
        InputException i => i.Message,
        HttpRequestException h => $"{h.Message} after {attempts} attempt(s)",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };

    private static string Decode(byte[] bytes, string? charset)
    {
        try
        {
            if (charset is { Length: > 0 }) return Encoding.GetEncoding(charset.Trim('"')).GetString(bytes);
        }
        catch (ArgumentException)
        {
            // An unknown charset: fall back to UTF-8, which XML and JSON feeds default to.
        }
        return Encoding.UTF8.GetString(bytes);
    }

    private ResiliencePipeline<HttpResponseMessage> Pipeline(string key) => _pipelines.GetOrAdd(key, url =>
    {
        var o = _options;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time }
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = o.TotalTimeout, Name = "total" });
        // Polly's retry needs at least one attempt: with MaxRetries 0 the feed is fetched once, with no retry strategy at all.
        if (o.MaxRetries > 0)
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = o.MaxRetries,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not BrokenCircuitException and not FeedTooLargeException
                    && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Backoff(args.AttemptNumber, args.Outcome.Result)),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Exception is { } e ? e.GetType().Name : $"HTTP {(int)args.Outcome.Result!.StatusCode}";
                    args.Context.Properties.Set(AttemptsKey, args.AttemptNumber + 1);
                    Retries.Enqueue(new FeedRetry(url, args.AttemptNumber, args.RetryDelay, reason));
                    while (Retries.Count > 1000) Retries.TryDequeue(out _);
                    _logger.LogInformation("Feed {Url}: attempt {Attempt} failed ({Reason}); retrying in {Delay} ms", url, args.AttemptNumber + 1, reason, (int)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        return builder
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = o.BreakerFailureRatio,
                MinimumThroughput = o.BreakerMinimumThroughput,
                SamplingDuration = o.BreakerSamplingDuration,
                BreakDuration = o.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not FeedTooLargeException && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                OnOpened = args =>
                {
                    _logger.LogWarning("Feed {Url}: circuit opened for {Seconds} s after repeated failures", url, args.BreakDuration.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = o.AttemptTimeout, Name = "attempt" })
            .Build();
    });

    /// <summary>
    /// The wait before retry <paramref name="attempt"/> (0-based): base × 2^attempt, stretched by a random share in
    /// [0, jitter), at most the maximum; a Retry-After the server sent wins when it is within the maximum.
    /// </summary>
    internal TimeSpan Backoff(int attempt, HttpResponseMessage? response)
    {
        if (response?.Headers.RetryAfter is { } ra)
        {
            var wait = ra.Delta ?? (ra.Date is { } d ? d - _time.GetUtcNow() : null);
            if (wait is { } w && w > TimeSpan.Zero && w <= _options.MaxDelay) return w;
        }
        var exponential = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt);
        var jittered = exponential * (1 + Random.Shared.NextDouble() * _options.Jitter);
        return TimeSpan.FromMilliseconds(Math.Min(jittered, _options.MaxDelay.TotalMilliseconds));
    }

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();
}

/// <summary>A body over the size limit; not retried.</summary>
public sealed class FeedTooLargeException(string message) : Exception(message);

/// <summary>
/// Reads the whole response body inside the resilience pipeline's attempt (so its timeout covers a slow body), and
/// refuses a body over the limit, by its Content-Length before reading or by counting while reading.
/// </summary>
internal sealed class BoundedBodyHandler(long maxBytes) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var response = await base.SendAsync(request, ct);
        try
        {
            if (response.Content.Headers.ContentLength is { } length && length > maxBytes)
                throw new FeedTooLargeException($"{request.RequestUri}: the body is {length:N0} bytes; the limit is {maxBytes:N0}");
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            using var buffer = new MemoryStream();
            var chunk = new byte[64 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                    throw new FeedTooLargeException($"{request.RequestUri}: the body is over the limit of {maxBytes:N0} bytes");
                buffer.Write(chunk, 0, read);
            }
            var content = new ByteArrayContent(buffer.ToArray());
            foreach (var h in response.Content.Headers) content.Headers.TryAddWithoutValidation(h.Key, h.Value);
            response.Content.Dispose();
            response.Content = content;
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
