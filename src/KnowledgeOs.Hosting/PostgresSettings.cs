using System.Globalization;
using KnowledgeOs.Postgres;

namespace KnowledgeOs.Hosting;

/// <summary>The PostgreSQL store's tuning that a deployment sets through the environment (docs/OPERATIONS.md).</summary>
public static class PostgresSettings
{
    /// <summary>Most lock groups of experts one server holds a writer lease on at once (one connection each); default 16.</summary>
    public const string MaxLeasesVariable = "KOS_PG_MAX_LEASES";

    /// <summary>The store options, with what the environment sets.</summary>
    /// <exception cref="InputException">A variable is set to something that is not a positive whole number.</exception>
    public static PostgresStoreOptions FromEnvironment() => From(Environment.GetEnvironmentVariable(MaxLeasesVariable));

    /// <summary>The store options for a value of <see cref="MaxLeasesVariable"/> (null or empty: the default).</summary>
    public static PostgresStoreOptions From(string? maxLeases)
    {
        if (string.IsNullOrWhiteSpace(maxLeases)) return PostgresStoreOptions.Default;
        if (!int.TryParse(maxLeases, NumberStyles.None, CultureInfo.InvariantCulture, out var leases) || leases < 1 || leases > 1000)
            throw InputException.Of($"{MaxLeasesVariable} must be a whole number from 1 to 1000, not '{maxLeases}'.", MaxLeasesVariable,
                ErrorCodes.NumberNotBetween, MaxLeasesVariable, "1", "1000");
        return PostgresStoreOptions.Default with { MaxLeases = leases };
    }
}
