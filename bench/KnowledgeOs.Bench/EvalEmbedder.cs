using KnowledgeOs.Retrieval;

namespace KnowledgeOs.Bench;

/// <summary>
/// The deterministic "model" <c>eval --embeddings</c> serves on loopback: a text's analyzed terms (Snowball stems,
/// <see cref="TextAnalyzer"/>) and each term's character trigrams, hashed into <see cref="Dimension"/> buckets and
/// normalized. What such vectors can capture: shared words, and shared parts of words the stemmer keeps apart
/// (word forms, compounds, a name spelt two ways in one script). What they cannot: meaning. Two texts with no
/// letters in common — a Russian query and an English item, a synonym — are orthogonal, so the hybrid figures it
/// gives measure the fusion's machinery and partial-word overlap, never what a real multilingual model would add.
/// </summary>
public static class EvalEmbedder
{
    /// <summary>Components per vector (as nomic-embed-text).</summary>
    public const int Dimension = 768;

    /// <summary>A trigram counts this much against a whole term's 1.</summary>
    public const float TrigramWeight = 0.3f;

    /// <summary>The vector of a text.</summary>
    public static float[] Embed(string text)
    {
        var vector = new float[Dimension];
        foreach (var term in TextAnalyzer.Terms(text))
        {
            vector[LoopbackEndpoint.Bucket("t:" + term, Dimension)] += 1;
            var padded = "^" + term + "$";
            for (var i = 0; i + 3 <= padded.Length; i++) vector[LoopbackEndpoint.Bucket("g:" + padded.Substring(i, 3), Dimension)] += TrigramWeight;
        }
        return LoopbackEndpoint.Normalize(vector);
    }
}
