using System.Data.Common;
using Npgsql;

namespace KnowledgeOs.Postgres;

/// <summary>
/// Builds the store's connection pool. Npgsql's defaults (100 connections per pool, 15 s waits, no keepalive) suit
/// one application alone on a server; here several stateless servers share one database, so each setting is chosen.
/// A setting the user's connection string names is kept as given.
/// </summary>
internal static class PgConnections
{
    private static readonly (string[] Names, Action<NpgsqlConnectionStringBuilder> Apply)[] Defaults =
    [
        // 20 per server: one writer connection plus concurrent reads (SSE feeds, page loads). Four servers then
        // hold 80 of PostgreSQL's default 100 connections, leaving room for psql, backups and migrations; a
        // burst beyond 20 waits for a free connection instead of failing with "too many clients".
        (["maxpoolsize", "maximumpoolsize"], b => b.MaxPoolSize = 20),
        // A pool that cannot hand out a connection within 10 s is overloaded or the server is gone: fail the
        // request then (it is retried as transient) rather than pile up waiting callers.
        (["timeout"], b => b.Timeout = 10),
        // A statement of this store runs in milliseconds; 30 s only ever trips on a stuck lock or server.
        (["commandtimeout"], b => b.CommandTimeout = 30),
        // Idle connections close after a minute so a quiet server gives its connections back to the database.
        (["connectionidlelifetime"], b => b.ConnectionIdleLifetime = 60),
        // Connections are replaced after 30 minutes so that after a failover or a pooler change they move over.
        (["connectionlifetime", "loadbalancetimeout"], b => b.ConnectionLifetime = 1800),
        // Keepalives find a peer that vanished (failover, cable) on an idle writer connection within a minute.
        (["keepalive"], b => b.KeepAlive = 30),
        // The writer sends the same few statements for every commit: prepared once per connection, the server
        // skips parsing and planning them each time.
        (["maxautoprepare"], b => b.MaxAutoPrepare = 32),
        (["applicationname"], b => b.ApplicationName = "kos"),
    ];

    /// <summary>The data source for a connection string, with this store's pool settings.</summary>
    public static NpgsqlDataSource Create(string connectionString, string schema) =>
        new NpgsqlDataSourceBuilder(Settings(connectionString, schema).ConnectionString).Build();

    /// <summary>The connection settings of the store's pools: the user's, this store's defaults, the schema and durability.</summary>
    public static NpgsqlConnectionStringBuilder Settings(string connectionString, string schema)
    {
        var builder = Builder(connectionString);
        builder.SearchPath = Quote(schema);
        // An acknowledged append must be durable: commits wait for the WAL flush whatever the server's default.
        builder.Options = ((builder.Options ?? "") + " -c synchronous_commit=on").Trim();
        return builder;
    }

    /// <summary>The user's connection string with this store's defaults for every setting it leaves out.</summary>
    public static NpgsqlConnectionStringBuilder Builder(string connectionString)
    {
        NpgsqlConnectionStringBuilder builder;
        var given = new DbConnectionStringBuilder();
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
            given.ConnectionString = connectionString;
        }
        catch (ArgumentException ex)
        {
            throw new InputException($"The PostgreSQL connection string is not valid: {ex.Message}", "--connection", ex)
                .WithCode(ErrorCodes.ConnectionStringInvalid, "--connection");
        }
        var named = given.Keys.Cast<string>().Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()).ToHashSet();
        foreach (var (names, apply) in Defaults)
        {
            if (!names.Any(named.Contains)) apply(builder);
        }
        return builder;
    }

    /// <summary>Host, port and database for messages, never the password.</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder) =>
        $"{builder.Host ?? "localhost"}:{builder.Port}/{builder.Database ?? builder.Username ?? "?"}";

    /// <summary>The first schema of a connection string's search path, if it names one.</summary>
    public static string? SearchPathSchema(NpgsqlConnectionStringBuilder builder) =>
        builder.SearchPath?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim('"');

    /// <summary>A quoted SQL identifier.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
