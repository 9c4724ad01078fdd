using KnowledgeOs.Storage;
using Polly;
using Polly.Retry;

namespace KnowledgeOs.Application;

/// <summary>
/// The one retry policy for a lost optimistic-concurrency race: only <see cref="WrongExpectedVersionException"/>
/// (a transient fault by nature: read again, decide again), exponential backoff with jitter, bounded.
/// </summary>
public static class ConflictRetry
{
    /// <summary>A pipeline retrying lost races up to <paramref name="maxRetries"/> times.</summary>
    public static ResiliencePipeline Pipeline(int maxRetries) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<WrongExpectedVersionException>(),
            MaxRetryAttempts = maxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(5),
            MaxDelay = TimeSpan.FromMilliseconds(500),
        })
        .Build();
}
