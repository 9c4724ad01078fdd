using KnowledgeOs.Embeddings;
using KnowledgeOs.Retrieval;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace KnowledgeOs.Hosting.Embeddings;

/// <summary>
/// Search with embeddings: the store's lexical hits and the nearest items by cosine similarity of their vectors,
/// fused by reciprocal rank (<see cref="RankFusion"/>). The vector side only adds: a query the provider cannot
/// embed (down, slow, or no vectors yet) is answered by the lexical side alone, exactly as without embeddings.
/// </summary>
public sealed class HybridSearchIndex(ISearchIndex lexical, ItemVectors vectors, VectorCache cache,
    IEmbeddingGenerator<string, Embedding<float>> queries, EmbeddingOptions options, ILogger logger) : ISearchIndex
{
    /// <summary>The lexical index underneath.</summary>
    public ISearchIndex Lexical => lexical;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(SearchQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        // Search as you type matches a word being typed; its embedding would be of half a word.
        if (query.Prefix) return await lexical.SearchAsync(query, ct);
        var wanted = Math.Min(SearchQuery.MaxLimit, query.Offset + query.Limit);
        var nearest = NearestAsync(query, wanted, ct);
        // The lexical side validates the query; its errors are the search's errors.
        var words = await lexical.SearchAsync(query with { Offset = 0, Limit = wanted }, ct);
        var meanings = await nearest;
        if (meanings.Count == 0) return [.. words.Skip(query.Offset).Take(query.Limit)];
        // The vector side's hits carry their cosine as their score; the fused hit is the words' one when both found it.
        var cosines = meanings.ToDictionary(Key, h => h.Score);
        var fused = RankFusion.Fuse([words, meanings], Key);
        return [.. fused.Skip(query.Offset).Take(query.Limit)
            .Select(f => f.Item with { Score = f.Score, Similarity = cosines.TryGetValue(Key(f.Item), out var cosine) ? cosine : null })];
    }

    private static VectorKey Key(SearchHit hit) => new(hit.Expert, hit.ItemId);

    /// <summary>The items nearest the query's meaning that the filters keep, best first; empty whenever the vector side cannot answer.</summary>
    private async Task<IReadOnlyList<SearchHit>> NearestAsync(SearchQuery query, int wanted, CancellationToken ct)
    {
        try
        {
            var index = await cache.IndexAsync(query.Team, ct);
            if (index is null) return [];
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.QueryTimeout);
            var vector = await queries.GenerateVectorAsync(query.Text, cancellationToken: timeout.Token);
            var experts = query.Experts is { Count: > 0 } e ? e.ToHashSet(StringComparer.Ordinal) : null;
            // Retracted items and other sections are filtered in the database; ask for more so that a page still fills.
            var neighbours = index.Nearest(vector.Span, Math.Min(4 * wanted + 16, 4 * SearchQuery.MaxLimit), options.MinSimilarity,
                experts is null ? null : k => experts.Contains(k.Expert));
            var hits = await vectors.HitsAsync(query, neighbours, ct);
            return [.. hits.Take(wanted)];
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Vector search unavailable ({Reason}); answering '{Query}' lexically", ex.GetBaseException().Message, query.Text);
            return [];
        }
    }
}
