using KnowledgeOs.Hosting;
using KnowledgeOs.Server.Embeddings;

namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>The embedding stack a command uses when a provider is named (<c>--embeddings</c> or <c>KOS_EMBEDDINGS</c>).</summary>
public static class CliEmbeddings
{
    /// <summary>The stack over the session's database, or null when no provider is named (words only).</summary>
    /// <exception cref="InputException">The provider setting is malformed.</exception>
    public static async Task<EmbeddingStack?> OpenAsync(KosSession session, string? option, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (EmbeddingOptions.Resolve(option) is not { } options) return null;
        return new EmbeddingStack(await ServerDatabase.OpenAsync(session.Store, ct), options, time);
    }
}
