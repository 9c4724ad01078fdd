using Npgsql;

namespace KnowledgeOs.Postgres;

/// <summary>Tuning of the PostgreSQL event store; the defaults suit several servers on one database.</summary>
public sealed record PostgresStoreOptions
{
    /// <summary>
    /// Schema holding the store's tables; created when missing. Null: the first schema of the connection's
    /// <c>Search Path</c>, else <c>public</c>. Several stores can share a database in different schemas.
    /// </summary>
    public string? Schema { get; init; }

    /// <summary>Most commits the writer groups into one transaction (one WAL flush).</summary>
    public int MaxBatch { get; init; } = 256;

    /// <summary>Most events one commit may hold; a larger one is refused as input before it reaches the writer.</summary>
    public int MaxEventsPerCommit { get; init; } = KnowledgeOs.Storage.CommitRules.DefaultMaxEventsPerCommit;

    /// <summary>
    /// Retries of a whole transaction after a transient fault (connection drop, 40001, 40P01, 57P01…), with
    /// exponential backoff and jitter from <see cref="RetryDelay"/> up to <see cref="MaxRetryDelay"/>. The defaults
    /// ride out a server restart or failover of about ten seconds and then report the fault.
    /// </summary>
    public int MaxRetries { get; init; } = 8;

    /// <summary>First retry delay.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Longest retry delay.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Most write leases (see <see cref="PostgresEventStore.LeaseAsync"/>) held at once by this instance: the size of their own connection pool.</summary>
    public int MaxLeases { get; init; } = 16;

    /// <summary>The defaults.</summary>
    public static PostgresStoreOptions Default { get; } = new();

    /// <summary>Test hook: runs at a point of the writer's transaction, on its connection (to break it there).</summary>
    internal Func<WriterStage, NpgsqlConnection, CancellationToken, ValueTask>? OnStage { get; init; }
}

/// <summary>Points of a writer transaction where tests inject faults.</summary>
internal enum WriterStage
{
    /// <summary>Every commit of the batch is applied; COMMIT is next.</summary>
    BeforeCommit,

    /// <summary>COMMIT returned; the callers are not told yet.</summary>
    AfterCommit,
}
