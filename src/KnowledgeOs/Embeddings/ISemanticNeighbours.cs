namespace KnowledgeOs.Embeddings;

/// <summary>
/// The seam between retrieval (pure, in memory) and the vector side (an embedding endpoint and the stored vectors):
/// a task's text in, the team's items nearest its meaning out. Routing and context packs take the answer as data
/// (<see cref="Retrieval.HybridMatches"/>), so nothing under <c>Retrieval/</c> does I/O.
/// </summary>
public interface ISemanticNeighbours
{
    /// <summary>
    /// The team's items nearest <paramref name="text"/>, best first, at most <paramref name="count"/>. Empty — never an
    /// exception — when the provider is down or slow, or the team has no vectors yet: the caller then answers lexically.
    /// </summary>
    Task<IReadOnlyList<Neighbour>> NearestAsync(string team, string text, int count, CancellationToken ct);
}
