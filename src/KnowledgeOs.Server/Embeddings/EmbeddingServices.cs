using KnowledgeOs.Application;
using KnowledgeOs.Hosting;
using KnowledgeOs.Hosting.Embeddings;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Server.Embeddings;

/// <summary>The server's search registration: the embedding stack (<see cref="EmbeddingStack"/>) and its background worker.</summary>
public static class EmbeddingServices
{
    /// <summary>
    /// Registers the search index: the store's own (<paramref name="lexical"/>) without a provider — nothing else
    /// changes — and with one, the hybrid index and the background worker that embeds new items.
    /// </summary>
    public static void AddSearch(IServiceCollection services, ISearchIndex lexical, ServerDatabase database, EmbeddingOptions? options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(services);
        // The store's hits ranked with usefulness and joined by task-level hits, before any fusion with vectors.
        var ranked = (IServiceProvider sp) => new RankedSearch(lexical, sp.GetRequiredService<IEventStore>());
        if (options is null)
        {
            services.AddSingleton<ISearchIndex>(ranked);
            return;
        }
        services.AddSingleton(options);
        services.AddSingleton(sp => new EmbeddingStack(database, options, time, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => sp.GetRequiredService<EmbeddingStack>().Indexer);
        services.AddSingleton<ISearchIndex>(sp => sp.GetRequiredService<EmbeddingStack>().Search(ranked(sp)));
        services.AddSingleton<EmbeddingWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddingWorker>());
    }
}
