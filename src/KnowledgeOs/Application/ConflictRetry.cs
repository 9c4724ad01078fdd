using KnowledgeOs.Storage;
using Polly;
using Polly.Retry;

namespace KnowledgeOs.Application;

/// <summary>
/// The one retry policy for a lost optimistic-concurrency race: only <see cref="WrongExpectedVersionException"/>
/// (a transient fault by nature: read again, decide again), exponential backoff with jitter, bounded. The first
/// retry is immediate: most lost races are a cached state another server or process had already moved on from,
/// and reading it again is all that is needed; only a second loss means real contention worth backing off from.
/// </summary>
public static class ConflictRetry
{
    /// <summary>A pipeline retrying lost races up to <paramref name="maxRetries"/> times.</summary>
    public static ResiliencePipeline Pipeline(int maxRetries) => Pipeline(maxRetries, TimeProvider.System);

    /// <summary>The same on a given clock (tests drive the backoff with a fake one).</summary>
    internal static ResiliencePipeline Pipeline(int maxRetries, TimeProvider time) => new ResiliencePipelineBuilder { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<WrongExpectedVersionException>(),
            MaxRetryAttempts = maxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(5),
            MaxDelay = TimeSpan.FromMilliseconds(500),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.AttemptNumber == 0 ? TimeSpan.Zero : null),
        })
        .Build();
}
