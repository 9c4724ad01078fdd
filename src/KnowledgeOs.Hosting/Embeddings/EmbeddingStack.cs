using KnowledgeOs.Application;
using KnowledgeOs.Retrieval;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeOs.Hosting.Embeddings;

/// <summary>
/// Everything optional embeddings need over one database, made once: the vector table, the in-memory cache, the
/// indexing and query generators. The server registers it (<c>KnowledgeOs.Server.Embeddings.EmbeddingServices</c>); a CLI command opens its own.
/// </summary>
public sealed class EmbeddingStack : IDisposable
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _indexing;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _queries;
    private readonly ILoggerFactory _loggers;

    /// <summary>The stack for a provider over the store's database.</summary>
    public EmbeddingStack(ServerDatabase database, EmbeddingOptions options, TimeProvider time, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _loggers = loggers ?? NullLoggerFactory.Instance;
        var logger = _loggers.CreateLogger<EmbeddingStack>();
        Options = options;
        Vectors = new ItemVectors(database, time);
        Cache = new VectorCache(Vectors, options.Provider.VectorModel);
        _indexing = EmbeddingGenerators.ForIndexing(options, time, logger);
        _queries = EmbeddingGenerators.ForQueries(options, time, logger);
        Indexer = new EmbeddingIndexer(Vectors, _indexing, options, _loggers.CreateLogger<EmbeddingIndexer>());
    }

    /// <summary>The settings.</summary>
    public EmbeddingOptions Options { get; }

    /// <summary>The vector table.</summary>
    public ItemVectors Vectors { get; }

    /// <summary>The team indexes in memory.</summary>
    public VectorCache Cache { get; }

    /// <summary>Embeds pending items.</summary>
    public EmbeddingIndexer Indexer { get; }

    /// <summary>Search over <paramref name="lexical"/> and the vectors, fused.</summary>
    public HybridSearchIndex Search(ISearchIndex lexical) =>
        new(lexical, Vectors, Cache, _queries, Options, _loggers.CreateLogger<HybridSearchIndex>());

    /// <summary>The items nearest a task's meaning, for routing and context packs (<see cref="RetrievalService"/>).</summary>
    public SemanticNeighbours Neighbours() => new(Cache, _queries, Options, _loggers.CreateLogger<SemanticNeighbours>());

    /// <inheritdoc/>
    public void Dispose()
    {
        _indexing.Dispose();
        _queries.Dispose();
    }
}
