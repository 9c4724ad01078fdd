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

    /// <summary>The defaults.</summary>
    public static SqliteStoreOptions Default { get; } = new();
}
