namespace KnowledgeOs.Retrieval.Cache;

/// <summary>How <see cref="IndexedSearch"/> keeps teams in memory.</summary>
public sealed record IndexedSearchOptions
{
    /// <summary>The default bound on items held in memory, all teams together (≈ 1 GB at the ≈ 520 bytes per item measured at 1,000,000 items, docs/SEARCH.md).</summary>
    public const long DefaultMaxItems = 2_000_000;

    /// <summary>Items held in memory at most; past it the least recently searched team is dropped and served by the store.</summary>
    public long MaxItems { get; init; } = DefaultMaxItems;

    /// <summary>
    /// Load a team inside the first search that needs it instead of answering from the store while it loads in the
    /// background (benchmarks and tests, where the cache must be the one answering).
    /// </summary>
    public bool LoadInline { get; init; }

    /// <summary>How long a team whose load failed (or that did not fit) is served by the store before it is tried again.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Items re-read since a team's load (held in segments of their own) past which it is loaded again.</summary>
    public int MaxChanged { get; init; } = 50_000;

    /// <summary>Segments a team's view holds at most (its load and one per catch-up that changed items) before it is loaded again.</summary>
    public const int MaxSegments = 32;

    /// <summary>Told of a load or catch-up that failed (the search was answered by the store).</summary>
    public Action<string, Exception>? Failed { get; init; }
}
