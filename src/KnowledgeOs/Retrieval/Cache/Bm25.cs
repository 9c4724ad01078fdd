namespace KnowledgeOs.Retrieval.Cache;

/// <summary>
/// FTS5's bm25 (k1 = 1.2, b = 0.75, idf floored at 1e-6), written as SQLite's own C# copy of it is
/// (<c>SqliteBm25</c>, equal to FTS5 to 1e-9), so that over the same statistics the cache's scores are the store's.
/// The statistics here are the team's: its live documents and their terms.
/// </summary>
internal readonly struct Bm25(long rows, long tokens)
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private readonly double _averageLength = rows == 0 ? 0 : (double)tokens / rows;

    /// <summary>A phrase's weight from how many documents hold it.</summary>
    public double Idf(long documents)
    {
        var weight = Math.Log((rows - documents + 0.5) / (documents + 0.5));
        return weight <= 0.0 ? 1e-6 : weight;
    }

    /// <summary>One phrase's share of a document's score.</summary>
    public double Term(double idf, double frequency, double length) =>
        idf * (frequency * (K1 + 1.0) / (frequency + K1 * (1 - B + B * length / _averageLength)));
}
