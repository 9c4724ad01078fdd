using KnowledgeOs.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace KnowledgeOs.Hosting.Embeddings;

/// <summary>
/// The vector side of routing and context packs: the task's text embedded with the query generator (the same
/// timeout as a search's, <see cref="EmbeddingOptions.QueryTimeout"/>), then the team's nearest items in the cached
/// index (<see cref="VectorCache"/>, exact cosine), at least <see cref="EmbeddingOptions.MinSimilarity"/>. A provider
/// that is down or slow, or a team with no vectors yet, gives no neighbours — logged, never thrown — so the answer is lexical.
/// </summary>
public sealed class SemanticNeighbours(VectorCache cache, IEmbeddingGenerator<string, Embedding<float>> queries, EmbeddingOptions options,
    ILogger logger) : ISemanticNeighbours
{
    /// <inheritdoc/>
    public async Task<IReadOnlyList<Neighbour>> NearestAsync(string team, string text, int count, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(team);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        try
        {
            var index = await cache.IndexAsync(team, ct);
            if (index is null) return [];
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.QueryTimeout);
            var vector = await queries.GenerateVectorAsync(text, cancellationToken: timeout.Token);
            return index.Nearest(vector.Span, count, options.MinSimilarity);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Vector neighbours unavailable ({Reason}); routing and context for team {Team} are lexical", ex.GetBaseException().Message, team);
            return [];
        }
    }
}
