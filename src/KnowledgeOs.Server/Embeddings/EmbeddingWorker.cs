using KnowledgeOs.Hosting.Embeddings;
using KnowledgeOs.Server.Feed;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KnowledgeOs.Server.Embeddings;

/// <summary>
/// Embeds new items in the background while the server runs: woken by every commit (and every
/// <see cref="EmbeddingOptions.IdleInterval"/> for other processes' writes), it drains the items without a vector.
/// A write never waits for an embedding; when the endpoint stays down past the per-request retries, the worker
/// waits longer each time (exponential, with jitter, up to five minutes) and search stays lexical meanwhile.
/// </summary>
public sealed class EmbeddingWorker(EmbeddingIndexer indexer, ChangeSignal changes, EmbeddingOptions options, TimeProvider time,
    ILogger<EmbeddingWorker> logger) : BackgroundService
{
    /// <summary>Items embedded since start.</summary>
    public long Embedded => Interlocked.Read(ref _embedded);

    private long _embedded;

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.IdleInterval;
            var next = changes.Next;
            try
            {
                var done = await indexer.DrainAsync(null, stoppingToken);
                Interlocked.Add(ref _embedded, done);
                if (done > 0) logger.LogInformation("Embedded {Count} items with {Model}", done, indexer.Model);
                failures = 0;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                failures++;
                var backoff = options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 16)) * (1 + Random.Shared.NextDouble() / 2);
                wait = TimeSpan.FromMilliseconds(Math.Min(backoff, TimeSpan.FromMinutes(5).TotalMilliseconds));
                logger.LogWarning("Embedding items with {Model} failed ({Reason}); trying again in {Seconds:0.#} s",
                    indexer.Model, ex.GetBaseException().Message, wait.TotalSeconds);
                // After a failure only the timer wakes the worker: a burst of commits must not hammer a dead endpoint.
                try { await Task.Delay(wait, time, stoppingToken); } catch (OperationCanceledException) { return; }
                continue;
            }
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            await Task.WhenAny(next, Task.Delay(wait, time, idle.Token));
            await idle.CancelAsync();
        }
    }
}
