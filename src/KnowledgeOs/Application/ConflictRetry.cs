using KnowledgeOs.Storage;
using Polly;
using Polly.Retry;

namespace KnowledgeOs.Application;

/// <summary>
/// The one retry policy for a write to decide again: a lost optimistic-concurrency race
/// (<see cref="WrongExpectedVersionException"/>, a transient fault by nature: read again, decide again), exponential
/// backoff with jitter, bounded by the race budget. The first retry is immediate: most lost races are a cached state
/// another server or process had already moved on from, and reading it again is all that is needed; only a second loss
/// means real contention worth backing off from. A write refused because the queued commit it stood on did not land
/// (<see cref="StoodOnNotLandedException"/>) lost no race: it is retried at once and counted apart, bounded by
/// <see cref="MaxNotLandedRetries"/>, so refusals of other writers' commits never spend an innocent writer's race budget.
/// </summary>
public static class ConflictRetry
{
    /// <summary>Most retries of one write because what it stood on did not land (each one means another writer's commit was refused).</summary>
    public const int MaxNotLandedRetries = 64;

    private static readonly ResiliencePropertyKey<int> LostRaces = new("kos.lost-races");
    private static readonly ResiliencePropertyKey<int> NotLanded = new("kos.not-landed");

    /// <summary>A pipeline retrying lost races up to <paramref name="maxRetries"/> times.</summary>
    public static ResiliencePipeline Pipeline(int maxRetries) => Pipeline(maxRetries, TimeProvider.System);

    /// <summary>The same on a given clock (tests drive the backoff with a fake one).</summary>
    internal static ResiliencePipeline Pipeline(int maxRetries, TimeProvider time) => new ResiliencePipelineBuilder { TimeProvider = time }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception switch
            {
                WrongExpectedVersionException => Count(args.Context, LostRaces) <= maxRetries,
                StoodOnNotLandedException => Count(args.Context, NotLanded) <= MaxNotLandedRetries,
                _ => false,
            }),
            MaxRetryAttempts = maxRetries + MaxNotLandedRetries,
            // Immediate: a first lost race (most are a stale cached state), and any retry on what a refused commit left stored.
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                args.Outcome.Exception is StoodOnNotLandedException ? TimeSpan.Zero : Backoff(Get(args.Context, LostRaces), Random.Shared.NextDouble())),
        })
        .Build();

    /// <summary>The first backoff, for a second lost race; each later one doubles it, up to <see cref="MaxBackoff"/>.</summary>
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(5);

    /// <summary>The longest wait between two tries of one write.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The wait before retrying after the <paramref name="lostRaces"/>-th lost race: none after the first; after the n-th,
    /// exponential with "equal" jitter — half of <see cref="FirstBackoff"/>·2ⁿ⁻² (at most <see cref="MaxBackoff"/>) plus a
    /// random part of the other half (<paramref name="jitter"/> in [0, 1)). The floor is what makes it a backoff: Polly's
    /// decorrelated jitter, used before, drew a second wait under a millisecond about once in fifty.
    /// </summary>
    internal static TimeSpan Backoff(int lostRaces, double jitter)
    {
        if (lostRaces <= 1) return TimeSpan.Zero;
        var full = Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks * Math.Pow(2, Math.Min(lostRaces - 2, 30)));
        return TimeSpan.FromTicks((long)(full / 2 * (1 + jitter)));
    }

    /// <summary>
    /// Runs <paramref name="write"/> under <paramref name="pipeline"/> (made with <paramref name="maxRetries"/>); a write that
    /// gives up surfaces as the error a person reads, with its code.
    /// </summary>
    public static async ValueTask<T> RunAsync<T>(this ResiliencePipeline pipeline, int maxRetries, Func<CancellationToken, ValueTask<T>> write, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        try
        {
            return await pipeline.ExecuteAsync(token => write(token), ct);
        }
        catch (WrongExpectedVersionException ex)
        {
            throw new ConflictException($"Gave up after {maxRetries} retries: {ex.Message} Other writers keep changing it; try again.", ex)
                .WithCode(ErrorCodes.RetriesExhausted, maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (StoodOnNotLandedException ex)
        {
            // Not a race and nothing wrong with this write: the commits of other writers it kept queueing behind were refused,
            // each time. A transient state of the write queue, so the storage answer (503 with Retry-After, exit code 5), not a conflict.
            throw new StorageException($"Gave up after {MaxNotLandedRetries} retries: each time, the commit of another writer this write was queued behind "
                + "was refused, so this one was decided on a state that never landed. Nothing was written; send it again.", ex)
                .WithCode(ErrorCodes.CommitsNotLanded, MaxNotLandedRetries.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Counts one more failure of a kind for this execution; returns the count.</summary>
    private static int Count(ResilienceContext context, ResiliencePropertyKey<int> key)
    {
        var count = Get(context, key) + 1;
        context.Properties.Set(key, count);
        return count;
    }

    private static int Get(ResilienceContext context, ResiliencePropertyKey<int> key) => context.Properties.GetValue(key, 0);
}
