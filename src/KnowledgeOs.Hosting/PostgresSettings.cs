using System.Globalization;
using KnowledgeOs.Postgres;

namespace KnowledgeOs.Hosting;

/// <summary>The PostgreSQL store's tuning that a deployment sets through the environment (docs/OPERATIONS.md).</summary>
public static class PostgresSettings
{
    /// <summary>Most lock groups of experts one server holds a writer lease on at once (one connection each); default 16.</summary>
    public const string MaxLeasesVariable = "KOS_PG_MAX_LEASES";

    /// <summary>Lock groups per team (<see cref="PostgresStoreOptions.LeaseGroups"/>); default 1, one lease per team. Every
    /// server on one database must use the same value.</summary>
    public const string LeaseGroupsVariable = "KOS_PG_LEASE_GROUPS";

    /// <summary>The store options, with what the environment sets.</summary>
    /// <exception cref="InputException">A variable is set to something that is not a whole number from 1 to 1000.</exception>
    public static PostgresStoreOptions FromEnvironment() =>
        From(Environment.GetEnvironmentVariable(MaxLeasesVariable), Environment.GetEnvironmentVariable(LeaseGroupsVariable));

    /// <summary>The store options for values of <see cref="MaxLeasesVariable"/> and <see cref="LeaseGroupsVariable"/> (null or empty: the default).</summary>
    public static PostgresStoreOptions From(string? maxLeases, string? leaseGroups = null)
    {
        var options = PostgresStoreOptions.Default with { LeaseNames = new LeaseSettingNames(MaxLeasesVariable, LeaseGroupsVariable) };
        if (Count(maxLeases, MaxLeasesVariable) is { } leases) options = options with { MaxLeases = leases };
        if (Count(leaseGroups, LeaseGroupsVariable) is { } groups) options = options with { LeaseGroups = groups };
        return options;
    }

    /// <summary>A whole number from 1 to 1000 set in <paramref name="variable"/>, or null when it is not set.</summary>
    private static int? Count(string? value, string variable)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1 || count > 1000)
            throw InputException.Of($"{variable} must be a whole number from 1 to 1000, not '{value}'.", variable,
                ErrorCodes.NumberNotBetween, variable, "1", "1000");
        return count;
    }
}
