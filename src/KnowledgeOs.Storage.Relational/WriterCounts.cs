namespace KnowledgeOs.Storage.Relational;

/// <summary>What a store's single writer committed since it was opened.</summary>
/// <param name="Transactions">Batches committed (one transaction, one fsync or WAL flush each).</param>
/// <param name="Commits">Commits those batches held, refused ones included.</param>
public readonly record struct WriterCounts(long Transactions, long Commits)
{
    /// <summary>Commits per transaction on average; 0 before the first.</summary>
    public double CommitsPerTransaction => Transactions == 0 ? 0 : (double)Commits / Transactions;
}
