namespace KnowledgeOs.Storage.Relational;

/// <summary>What became of each commit of a batch while its transaction runs; callers learn it once the transaction has ended.</summary>
/// <param name="size">Commits in the batch.</param>
public sealed class BatchOutcome(int size)
{
    /// <summary>Each commit's result, where it had one.</summary>
    public AppendResult?[] Results { get; } = new AppendResult?[size];

    /// <summary>Each commit's own error, where it had one.</summary>
    public Exception?[] Errors { get; } = new Exception?[size];

    /// <summary>A COMMIT of an earlier attempt may have landed.</summary>
    public bool InDoubt { get; set; }

    /// <summary>Check commit by commit in savepoints from now on (the database refused what the batched checks let through).</summary>
    public bool Careful { get; set; }

    /// <summary>Forgets the results and errors of an attempt that did not commit.</summary>
    public void Clear()
    {
        Array.Clear(Results);
        Array.Clear(Errors);
    }
}
