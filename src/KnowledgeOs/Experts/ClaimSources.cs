namespace KnowledgeOs.Experts;

/// <summary>A claimed figure (label and value as written) with every document that claimed it, in the order they did.</summary>
/// <param name="Label">Label as written.</param>
/// <param name="Value">Value as written.</param>
/// <param name="Sources">The documents that claimed it, each once.</param>
public sealed record ClaimSources(string Label, string Value, IReadOnlyList<string> Sources)
{
    /// <summary>
    /// The claims of a knowledge base, each figure once: the same label and value claimed by two documents (the seed
    /// file and <c>igor_knowledge.md</c> carry one identical block) is one claim with both sources. Decided on read,
    /// so the stored <c>v1.MetricClaimImported</c> events stay as they were recorded, one per document.
    /// </summary>
    public static IReadOnlyList<ClaimSources> Of(IEnumerable<MetricClaim> claims) =>
        [.. claims.GroupBy(c => (c.Label, c.Value))
            .Select(g => new ClaimSources(g.Key.Label, g.Key.Value, [.. g.Select(c => c.Source).Distinct(StringComparer.Ordinal)]))];
}
