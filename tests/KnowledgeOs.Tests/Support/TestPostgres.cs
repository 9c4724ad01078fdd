using Npgsql;

namespace KnowledgeOs.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests use, from <c>KOS_TEST_POSTGRES</c> (a connection string). Each test gets schemas
/// of its own, dropped afterwards, so tests run in parallel on one database. Without the variable the tests skip.
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    private readonly List<string> _schemas = [];

    /// <summary>Why PostgreSQL tests skip on this machine, or null when a server is configured.</summary>
    public static string? SkipReason => Connection is null
        ? "KOS_TEST_POSTGRES is not set: these tests need a PostgreSQL server (run `source .ci/postgres.sh` to start a throwaway one)."
        : null;

    /// <summary>The configured connection string, or null.</summary>
    public static string? Connection => Environment.GetEnvironmentVariable("KOS_TEST_POSTGRES") is { Length: > 0 } cs ? cs : null;

    /// <summary>The connection string; skips the test when none is configured.</summary>
    public static string Require()
    {
        Skip.If(SkipReason is not null, SkipReason);
        return Connection!;
    }

    /// <summary>A fresh schema name, dropped at dispose.</summary>
    public string NewSchema()
    {
        var schema = "kos_t_" + Guid.NewGuid().ToString("N")[..12];
        lock (_schemas) _schemas.Add(schema);
        return schema;
    }

    /// <summary>The connection string with its search path set to a schema.</summary>
    public static string WithSchema(string schema) => new NpgsqlConnectionStringBuilder(Require()) { SearchPath = schema }.ConnectionString;

    /// <summary>Runs one SQL statement on the test server and returns the first value.</summary>
    public static async Task<object?> ScalarAsync(string sql, string? schema = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(Require()) { Pooling = false };
        if (schema is not null) builder.SearchPath = schema;
        await using var db = new NpgsqlConnection(builder.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        return await command.ExecuteScalarAsync();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Connection is null) return;
        foreach (var schema in _schemas)
        {
            try
            {
                await ScalarAsync($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
            }
            catch (NpgsqlException)
            {
                // A server that went away takes its schemas with it; nothing to clean.
            }
        }
    }
}
