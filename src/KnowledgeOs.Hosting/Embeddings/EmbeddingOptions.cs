using KnowledgeOs.Embeddings;

namespace KnowledgeOs.Hosting.Embeddings;

/// <summary>How items and queries are embedded (docs/EMBEDDINGS.md); every value but the provider has a default.</summary>
public sealed record EmbeddingOptions
{
    /// <summary>The endpoint and model.</summary>
    public required EmbeddingProvider Provider { get; init; }

    /// <summary>The key sent to an OpenAI-compatible endpoint (from <see cref="EmbeddingProvider.KeyVariables"/>); none for Ollama.</summary>
    public string? Key { get; init; }

    /// <summary>Items sent in one request.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Requests in flight at once while indexing: enough to hide latency, few enough not to swamp a local model.</summary>
    public int Concurrency { get; init; } = 2;

    /// <summary>Retries of an indexing request after a transient fault (connection refused, timeout, 408, 429, 5xx).</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The first retry's wait; each next one doubles it, with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>One indexing request at most (a cold local model loads for a while).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Embedding a search query at most; past it the search answers lexically. Never retried: a person is waiting.</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Vector hits below this cosine similarity are not hits (an unrelated item is still somebody's nearest).</summary>
    public float MinSimilarity { get; init; } = 0.3f;

    /// <summary>How often the background worker looks for unembedded items when no change wakes it.</summary>
    public TimeSpan IdleInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The options for the provider an option or <c>KOS_EMBEDDINGS</c> names, the key from the environment; null when none is named.</summary>
    /// <exception cref="InputException">The setting is malformed, or OpenAI's own endpoint has no key.</exception>
    public static EmbeddingOptions? Resolve(string? option, string field = "--embeddings")
    {
        if (EmbeddingProvider.Resolve(option, field) is not { } provider) return null;
        var key = provider.Kind == EmbeddingProviderKind.OpenAi ? EmbeddingProvider.KeyFromEnvironment() : null;
        if (provider.Kind == EmbeddingProviderKind.OpenAi && key is null && provider.Endpoint.Host == EmbeddingProvider.DefaultOpenAi.Host)
            throw InputException.Of($"{field}: {provider.Endpoint} needs a key: set {string.Join(" or ", EmbeddingProvider.KeyVariables)}.", field,
                ErrorCodes.EmbeddingsKeyMissing, field, provider.Endpoint.ToString(), string.Join(", ", EmbeddingProvider.KeyVariables));
        return new EmbeddingOptions { Provider = provider, Key = key };
    }
}
