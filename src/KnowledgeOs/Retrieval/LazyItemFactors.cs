namespace KnowledgeOs.Retrieval;

/// <summary>
/// An expert's items' evidence factors and BM25 length norms against one corpus's figures (its newest evidence and
/// average item length), computed when a query asks for an item and not kept. A write anywhere in the team moves those
/// figures, so every expert gets a new one after each write: kept per item, they cost two arrays of the expert's item
/// count per expert per write (1.6 MB on a 50 × 2,000 team, garbage by the next write, docs/RETRIEVAL.md "Route right
/// after a write"), while a norm is three operations and a query asks the evidence (a power) only of the few items that
/// can be among an expert's best (<see cref="ExpertMatches"/>). The formulas are <see cref="ItemFactors"/>'s to the bit.
/// Safe for concurrent queries: it holds nothing but the figures and a counter.
/// </summary>
internal sealed class LazyItemFactors(AnalyzedExpert expert, DateTimeOffset newest, double averageLength)
{
    private int _computed;

    /// <summary>The corpus's newest evidence these factors are measured from.</summary>
    public DateTimeOffset Newest { get; } = newest;

    /// <summary>The corpus's average item length the norms divide by.</summary>
    public double AverageLength { get; } = averageLength;

    /// <summary>How many evidence factors were asked for so far (each a power: the recency).</summary>
    public int Computed => Volatile.Read(ref _computed);

    /// <summary>The item's BM25 length norm, <c>K1 × (1 − B + B × length / average length)</c> (always above 0).</summary>
    public double Norm(int item) => TeamCorpus.K1 * (1 - TeamCorpus.B + TeamCorpus.B * _lengths[item] / AverageLength);

    // The items' lengths side by side (kept per analysis): the norm is asked once per posting a query scans, and reading
    // each item's record through the list cost the no-write route twice its time.
    private readonly int[] _lengths = expert.ItemLengths;

    /// <summary>The item's evidence factor (<see cref="Retrieval.Evidence.Of(double, DateTimeOffset, DateTimeOffset, double)"/>, always above 0).</summary>
    public double Evidence(int item)
    {
        Interlocked.Increment(ref _computed);
        var (before, usefulness) = expert.FixedFactors(item);
        return Retrieval.Evidence.Of(before, expert.Items[item].LastAt, Newest, usefulness);
    }
}
