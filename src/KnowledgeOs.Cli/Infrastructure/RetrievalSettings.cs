using KnowledgeOs.Hosting;
using KnowledgeOs.Hosting.Embeddings;

namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>The commands that find items by relevance (<c>kos search</c>, <c>route</c>, <c>context</c>): words, and by meaning when an embedding provider is named.</summary>
public class RetrievalSettings : KosSettings
{
    /// <summary>Embedding provider.</summary>
    [CommandOption("--embeddings <PROVIDER>")]
    [Description("Also find items by meaning with the vectors of this provider (ollama:MODEL@URL or openai:MODEL@URL; default $KOS_EMBEDDINGS), fused with the word matches.")]
    public string? Embeddings { get; init; }

    /// <summary>The embedding stack over the session's database, or null when no provider is named (<c>--embeddings</c>, else <c>$KOS_EMBEDDINGS</c>): words only.</summary>
    /// <exception cref="InputException">The provider setting is malformed.</exception>
    public async Task<EmbeddingStack?> OpenEmbeddingsAsync(KosSession session, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (EmbeddingOptions.Resolve(Embeddings) is not { } options) return null;
        return new EmbeddingStack(await ServerDatabase.OpenAsync(session.Store, ct), options, time);
    }
}
