namespace KnowledgeOs.Sqlite;

/// <summary>Tuning of the SQLite event store; the defaults suit the CLI and a single server.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>How long a write waits for another process to release the database before giving up.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most commits the writer groups into one transaction (one fsync).</summary>
    public int MaxBatch { get; init; } = 512;

    /// <summary>Most events one commit may hold; a larger one is refused as input before it reaches the writer.</summary>
    public int MaxEventsPerCommit { get; init; } = KnowledgeOs.Storage.CommitRules.DefaultMaxEventsPerCommit;

    /// <summary>
    /// Documents a query word may be held by and still count as rare in search (<see cref="KnowledgeOs.Retrieval.SearchTerms.FrequentWord"/>
    /// unless set). Tests set it small so a handful of items makes a word frequent; nothing else should change it.
    /// </summary>
    public int FrequentWord { get; init; } = KnowledgeOs.Retrieval.SearchTerms.FrequentWord;

    /// <summary>The defaults.</summary>
    public static SqliteStoreOptions Default { get; } = new();
}
