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

    /// <summary>
    /// Most lock groups this instance holds a writer lease on at once (see <see cref="PostgresEventStore.LeaseAsync"/>):
    /// the size of the leases' own connection pool, one connection per held group. When every one is held, the least
    /// recently used idle lease is released for the group that needs one. <c>kos serve</c>: <c>KOS_PG_MAX_LEASES</c>.
    /// </summary>
    public int MaxLeases { get; init; } = 16;

    /// <summary>
    /// Lock groups per team: an expert's writes take the lease of group <c>FNV-1a(slug) mod LeaseGroups</c> of its team.
    /// 1 (the default) is one lease per team: measured best when every server writes every expert, as each hand-over
    /// then costs one grant and one catch-up for the whole team. More groups let servers that write different experts
    /// of one team (a load balancer routing by expert group) hold their leases at once, but multiply the hand-overs
    /// (and the 20 ms checks) when servers write the same experts (docs/BENCHMARKS.md). Every server on one database
    /// must use the same value (docs/OPERATIONS.md).
    /// </summary>
    public int LeaseGroups { get; init; } = 1;

    /// <summary>What an error calls <see cref="MaxLeases"/> and <see cref="LeaseGroups"/>: the C# options by default, the
    /// environment variables when a deployment set the counts there (<c>KnowledgeOs.Hosting.PostgresSettings</c>).</summary>
    public LeaseSettingNames LeaseNames { get; init; } = LeaseSettingNames.Options;

    /// <summary>
    /// The shortest a group's lease is kept, once another server waits for it, before it is handed over even though
    /// writes keep coming: the turn each server gets when two write the same experts. A turn is made longer when the
    /// hand-overs this process measured cost more than a ninth of it (each hand-over at most a tenth of a turn), up to
    /// <see cref="LeaseSliceMax"/>.
    /// </summary>
    public TimeSpan LeaseSlice { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest turn a hand-over's measured cost can make the slice (<see cref="LeaseSlice"/>): what a write
    /// of the other server waits at most, besides the hand-over itself.</summary>
    public TimeSpan LeaseSliceMax { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A lease no write of its group used for this long, and nobody else wants, is released (at its next
    /// check). Long enough to outlast the gaps between a busy server's batches on a loaded machine; a lease another
    /// server waits for goes once it was unused for <see cref="LeaseGap"/>. A process that advertises an address for
    /// forwarded writes keeps an unused lease until another server asks for it (checking it every <see cref="LeaseIdle"/>
    /// meanwhile), so other servers go on forwarding to it when writes come back.</summary>
    public TimeSpan LeaseIdle { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a lease another server waits for must be unused to go before its slice ends: shorter gaps are
    /// those between one busy server's writes.</summary>
    public TimeSpan LeaseGap { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How often a held lease looks whether its connection lives and, in case a server's request for it was
    /// not heard (a waiting server notifies the holder at once), whether another server waits for it in <c>pg_locks</c>.</summary>
    public TimeSpan LeaseCheck { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Longest a write waits for its group's lease (another server holding it, or no free lease connection)
    /// before it fails with a message saying which.</summary>
    public TimeSpan LeaseWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Items a query word may match and still make a partial match on its own (<see cref="KnowledgeOs.Retrieval.SearchTerms.FrequentWord"/>);
    /// a test hook, so a test shows with a few hundred items what a team needs thousands for.
    /// </summary>
    internal int FrequentWord { get; init; } = KnowledgeOs.Retrieval.SearchTerms.FrequentWord;

    /// <summary>The defaults.</summary>
    public static PostgresStoreOptions Default { get; } = new();

    /// <summary>Test hook: runs at a point of the writer's transaction, on its connection (to break it there).</summary>
    internal Func<WriterStage, NpgsqlConnection, CancellationToken, ValueTask>? OnStage { get; init; }
}

/// <summary>The names under which the lease counts were set, for the error that refuses one.</summary>
/// <param name="MaxLeases">What sets <see cref="PostgresStoreOptions.MaxLeases"/>.</param>
/// <param name="LeaseGroups">What sets <see cref="PostgresStoreOptions.LeaseGroups"/>.</param>
public sealed record LeaseSettingNames(string MaxLeases, string LeaseGroups)
{
    /// <summary>The C# options' own names.</summary>
    public static LeaseSettingNames Options { get; } = new(nameof(PostgresStoreOptions.MaxLeases), nameof(PostgresStoreOptions.LeaseGroups));
}

/// <summary>Points of a writer transaction where tests inject faults.</summary>
internal enum WriterStage
{
    /// <summary>Every commit of the batch is applied; COMMIT is next.</summary>
    BeforeCommit,

    /// <summary>COMMIT returned; the callers are not told yet.</summary>
    AfterCommit,
}
