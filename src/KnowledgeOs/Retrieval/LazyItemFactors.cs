namespace KnowledgeOs.Retrieval;

/// <summary>
/// An expert's items' evidence factors and BM25 length norms against one corpus's figures (its newest evidence and
/// average item length), each computed the first time a query scores the item and then kept. A write anywhere in the
/// team moves those figures; computing them for every item of every expert again cost more than the route itself on a
/// 100,000-item team, so only the items a query reaches pay (docs/RETRIEVAL.md, "Route right after a write"). The
/// formulas are <see cref="ItemFactors"/>'s to the bit. Safe for concurrent queries: a slot is 0 until computed, and
/// two threads computing the same slot write the same value (a double's write is atomic).
/// </summary>
internal sealed class LazyItemFactors
{
    private readonly AnalyzedExpert _expert;
    private readonly double[] _evidence;
    private readonly double[] _norms;
    private int _computed;

    public LazyItemFactors(AnalyzedExpert expert, DateTimeOffset newest, double averageLength)
    {
        _expert = expert;
        Newest = newest;
        AverageLength = averageLength;
        _evidence = new double[expert.Items.Count];
        _norms = new double[expert.Items.Count];
    }

    /// <summary>The corpus's newest evidence these factors are measured from.</summary>
    public DateTimeOffset Newest { get; }

    /// <summary>The corpus's average item length the norms divide by.</summary>
    public double AverageLength { get; }

    /// <summary>How many factors (evidence or norm) were computed so far (the others were never asked for).</summary>
    public int Computed => Volatile.Read(ref _computed);

    /// <summary>The item's BM25 length norm, <c>K1 × (1 − B + B × length / average length)</c> (always above 0).</summary>
    public double Norm(int item)
    {
        var norm = _norms[item];
        if (norm != 0) return norm;
        Interlocked.Increment(ref _computed);
        return _norms[item] = TeamCorpus.K1 * (1 - TeamCorpus.B + TeamCorpus.B * _expert.Items[item].Length / AverageLength);
    }

    /// <summary>The item's evidence factor (<see cref="Retrieval.Evidence.Of(double, DateTimeOffset, DateTimeOffset, double)"/>, always above 0).</summary>
    public double Evidence(int item)
    {
        var evidence = _evidence[item];
        if (evidence != 0) return evidence;
        Interlocked.Increment(ref _computed);
        var (before, usefulness) = _expert.FixedFactors(item);
        return _evidence[item] = Retrieval.Evidence.Of(before, _expert.Items[item].LastAt, Newest, usefulness);
    }
}
