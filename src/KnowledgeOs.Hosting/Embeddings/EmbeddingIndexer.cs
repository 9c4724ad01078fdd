using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace KnowledgeOs.Hosting.Embeddings;

/// <summary>
/// Embeds every active item that has no vector of the configured model yet: pages of pending items, each split in
/// batches sent with bounded concurrency. The background worker and <c>kos reindex --embeddings</c> both drain with it.
/// </summary>
public sealed class EmbeddingIndexer(ItemVectors vectors, IEmbeddingGenerator<string, Embedding<float>> generator, EmbeddingOptions options, ILogger logger)
{
    /// <summary>The name stored vectors are kept under.</summary>
    public string Model => options.Provider.VectorModel;

    /// <summary>The table the vectors are in.</summary>
    public ItemVectors Vectors => vectors;

    /// <summary>Items still without a vector.</summary>
    public Task<long> CountPendingAsync(CancellationToken ct) => vectors.CountPendingAsync(Model, ct);

    /// <summary>Embeds until nothing is pending; reports the number embedded so far after each batch, returns the total.</summary>
    /// <exception cref="HttpRequestException">The endpoint failed past its retries (the batch is left pending).</exception>
    public async Task<long> DrainAsync(IProgress<long>? progress, CancellationToken ct)
    {
        long done = 0;
        var page = options.BatchSize * options.Concurrency;
        while (true)
        {
            var pending = await vectors.PendingAsync(Model, page, ct);
            if (pending.Count == 0) return done;
            await Parallel.ForEachAsync(pending.Chunk(options.BatchSize),
                new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = ct },
                async (batch, token) =>
                {
                    var embeddings = await generator.GenerateAsync([.. batch.Select(p => p.Text)], cancellationToken: token);
                    if (embeddings.Count != batch.Length)
                        throw new InvalidOperationException($"The embedding endpoint returned {embeddings.Count} vectors for {batch.Length} texts.");
                    await vectors.SaveAsync(Model, [.. batch.Select((item, i) => (item, embeddings[i].Vector))], token);
                    var total = Interlocked.Add(ref done, batch.Length);
                    progress?.Report(total);
                });
            logger.LogDebug("Embedded {Count} items with {Model}", done, Model);
        }
    }
}
