using KnowledgeOs.Hosting;
using KnowledgeOs.Hosting.Embeddings;

namespace KnowledgeOs.Server;

/// <summary>How <c>kos serve</c> runs: where the data is, where it listens, and the limits it enforces.</summary>
public sealed record KosServerOptions
{
    /// <summary>The default address: loopback only, so a fresh install is never reachable from the network.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The SQLite database file (created when missing), when <see cref="Store"/> is SQLite.</summary>
    public string DataPath { get; init; } = Path.Combine("kos-data", "kos.db");

    /// <summary>Which event store: the SQLite file at <see cref="DataPath"/> (default) or PostgreSQL at <see cref="Connection"/>.</summary>
    public StoreKind Store { get; init; } = StoreKind.Sqlite;

    /// <summary>The PostgreSQL connection string, when <see cref="Store"/> is PostgreSQL.</summary>
    public string? Connection { get; init; }

    /// <summary>The store these options name.</summary>
    public StoreLocation Location => Store == StoreKind.Postgres
        ? new StoreLocation(StoreKind.Postgres, Connection ?? "")
        : new StoreLocation(StoreKind.Sqlite, DataPath);

    /// <summary>Addresses to listen on (<c>http://127.0.0.1:5080</c>; port 0 picks a free one).</summary>
    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>
    /// On PostgreSQL, the address where the other servers of the database reach this one (<c>--advertise-url</c>,
    /// <c>KOS_ADVERTISE_URL</c>): while it holds a team's writer lease it takes their writes of that team, and it forwards
    /// its own to the holder of a lease another such server holds (<see cref="Hosting.WriteForwarding"/>). Null (the
    /// default): it neither advertises nor forwards.
    /// </summary>
    public string? AdvertiseUrl { get; init; }

    /// <summary>Largest JSON request body, in bytes.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Largest multipart import request, in bytes.</summary>
    public long MaxImportBodyBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Deepest JSON nesting accepted in a request body.</summary>
    public int MaxJsonDepth { get; init; } = 32;

    /// <summary>Items per page when the client does not say.</summary>
    public int DefaultPageSize { get; init; } = 50;

    /// <summary>Most items a client may ask for in one page.</summary>
    public int MaxPageSize { get; init; } = 500;

    /// <summary>Requests per second one API key may make on average (token bucket refill).</summary>
    public int RateLimitPerSecond { get; init; } = 2000;

    /// <summary>Requests one API key may make in a burst above the average.</summary>
    public int RateLimitBurst { get; init; } = 4000;

    /// <summary>Change-feed (SSE) streams one API key may hold open at once; one more is answered 429 with Retry-After.</summary>
    public int MaxFeedStreamsPerKey { get; init; } = 32;

    /// <summary>Requests with an invalid API key one client address may make per <see cref="InvalidKeyWindow"/> before it gets 429.</summary>
    public int InvalidKeyLimit { get; init; } = 20;

    /// <summary>The window <see cref="InvalidKeyLimit"/> counts in.</summary>
    public TimeSpan InvalidKeyWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the change feed looks for events written by other processes sharing the file: on SQLite, where the
    /// file is watched (<see cref="Feed.FileCommitWatch"/>), at least every 30 s, as a safety net; elsewhere at this interval.
    /// The cache's tail and the projection generation are still read at this interval.</summary>
    public TimeSpan FeedPollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often an idle change feed sends a comment so proxies keep the connection open.</summary>
    public TimeSpan FeedHeartbeat { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long shutdown waits for requests in flight (appends finish; feeds are ended at once).</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an API key lookup is cached, so a key revoked by <c>kos keys revoke</c> stops working within this time.</summary>
    public TimeSpan KeyCacheTime { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether the learning cycle (daily, weekly, feeds; section <c>Cycle</c> of the configuration) runs in the background.</summary>
    public bool RunCycle { get; init; } = true;

    /// <summary>The embedding provider and its settings (<c>--embeddings</c>, <c>KOS_EMBEDDINGS</c>); null: search is lexical only.</summary>
    public EmbeddingOptions? Embeddings { get; init; }

    /// <summary>Clock for the store and the server; tests pass a fake one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The PostgreSQL store's lease and pool tuning; null: what the environment sets (<see cref="PostgresSettings"/>),
    /// as <c>kos serve</c> has it. Tests shorten or widen the lease's timings with it.</summary>
    public KnowledgeOs.Postgres.PostgresStoreOptions? PostgresTuning { get; init; }

    /// <summary>Checks the options before anything starts.</summary>
    /// <exception cref="InputException">A value is out of range.</exception>
    public void Validate()
    {
        if (Store == StoreKind.Sqlite && string.IsNullOrWhiteSpace(DataPath)) throw InputException.Of("The database path is empty.", "dataPath", ErrorCodes.DataPathEmpty);
        if (Store == StoreKind.Postgres && string.IsNullOrWhiteSpace(Connection))
            throw InputException.Of("The PostgreSQL store needs a connection string (--connection \"Host=…;Database=…\" or $KOS_CONNECTION).", "connection",
                ErrorCodes.ConnectionRequired);
        if (AdvertiseUrl is not null && Store != StoreKind.Postgres)
            throw InputException.Of("--advertise-url is for servers on PostgreSQL: a server on SQLite has no other server to forward writes to or from.", "advertiseUrl",
                ErrorCodes.AdvertiseNeedsPostgres);
        if (AdvertiseUrl is not null && (!Uri.TryCreate(AdvertiseUrl, UriKind.Absolute, out var advertised) || advertised.Scheme is not ("http" or "https")))
            throw InputException.Of($"--advertise-url needs an http(s) address other servers can reach, not '{AdvertiseUrl}'.", "advertiseUrl",
                ErrorCodes.UrlNotHttp, "advertiseUrl", AdvertiseUrl);
        if (Urls.Count == 0) throw InputException.Of("Give at least one address to listen on.", "urls", ErrorCodes.UrlsMissing);
        Positive(MaxRequestBodyBytes, "maxRequestBodyBytes");
        Positive(MaxImportBodyBytes, "maxImportBodyBytes");
        Positive(MaxJsonDepth, "maxJsonDepth");
        Positive(DefaultPageSize, "defaultPageSize");
        Positive(RateLimitPerSecond, "rateLimitPerSecond");
        Positive(RateLimitBurst, "rateLimitBurst");
        Positive(MaxFeedStreamsPerKey, "maxFeedStreamsPerKey");
        Positive(InvalidKeyLimit, "invalidKeyLimit");
        Positive(InvalidKeyWindow.Ticks, "invalidKeyWindow");
        if (MaxPageSize < DefaultPageSize) throw InputException.Of("maxPageSize must be at least defaultPageSize.", "maxPageSize", ErrorCodes.OptionBelowOther, "maxPageSize", "defaultPageSize");
    }

    private static void Positive(long value, string field)
    {
        if (value <= 0) throw InputException.Of($"{field} must be greater than 0.", field, ErrorCodes.NumberNotBetween, field, "1", "");
    }
}
