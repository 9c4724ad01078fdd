namespace KnowledgeOs.Retrieval;

/// <summary>How a cosine found by the vector side is shown (search hits, pack items): three decimals, halves away from zero.</summary>
public static class VectorSimilarity
{
    /// <summary>The cosine as shown, or null when the vector side did not find the hit.</summary>
    public static double? Shown(double? cosine) => cosine is { } c ? Math.Round(c, 3, MidpointRounding.AwayFromZero) : null;
}
