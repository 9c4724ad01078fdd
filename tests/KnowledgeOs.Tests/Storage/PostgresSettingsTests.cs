using KnowledgeOs.Hosting;
using KnowledgeOs.Postgres;

namespace KnowledgeOs.Tests.Storage;

/// <summary>The PostgreSQL store's settings a deployment gives through the environment.</summary>
public sealed class PostgresSettingsTests
{
    [Fact]
    public void KOS_PG_MAX_LEASES_sets_the_number_of_lease_connections_and_its_absence_keeps_the_default()
    {
        Assert.Equal(48, PostgresSettings.From("48").MaxLeases);
        Assert.Equal(16, PostgresSettings.From(null).MaxLeases);
        Assert.Equal(16, PostgresSettings.From(" ").MaxLeases);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("many")]
    [InlineData("1001")]
    public void A_KOS_PG_MAX_LEASES_that_is_no_count_is_refused_naming_the_variable_and_the_value(string value)
    {
        var error = Assert.Throws<InputException>(() => PostgresSettings.From(value));
        Assert.Contains("KOS_PG_MAX_LEASES", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
        Assert.Equal("KOS_PG_MAX_LEASES", error.Field);
    }

    [Fact]
    public void KOS_PG_LEASE_GROUPS_sets_the_lock_groups_per_team_beside_the_lease_connections_and_its_absence_keeps_one()
    {
        Assert.Equal(16, PostgresSettings.From(null, "16").LeaseGroups);
        Assert.Equal((48, 4), (PostgresSettings.From("48", "4").MaxLeases, PostgresSettings.From("48", "4").LeaseGroups));
        Assert.Equal(1, PostgresSettings.From(null, null).LeaseGroups);
        Assert.Equal(1, PostgresSettings.From("8", " ").LeaseGroups);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("two")]
    [InlineData("2.5")]
    [InlineData("1001")]
    public void A_KOS_PG_LEASE_GROUPS_that_is_no_count_is_refused_naming_the_variable_and_the_value(string value)
    {
        var error = Assert.Throws<InputException>(() => PostgresSettings.From(null, value));
        Assert.Contains("KOS_PG_LEASE_GROUPS", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
        Assert.Equal("KOS_PG_LEASE_GROUPS", error.Field);
        Assert.Equal(ErrorCodes.NumberNotBetween, error.Code);
    }

    [Fact]
    public async Task A_lease_count_the_environment_set_is_refused_by_the_store_naming_the_variable()
    {
        // The store's own check (a count below 1) names what the operator set: the variable, not the C# option.
        var fromEnvironment = PostgresSettings.From("4", "2");
        var error = await Assert.ThrowsAsync<InputException>(() => OpenAsync(fromEnvironment with { LeaseGroups = 0 }));
        Assert.Contains("KOS_PG_LEASE_GROUPS", error.Message, StringComparison.Ordinal);
        Assert.Equal("KOS_PG_LEASE_GROUPS", error.Field);
        Assert.Equal(["KOS_PG_LEASE_GROUPS", "LeaseGroups", "1"], error.Args);
        error = await Assert.ThrowsAsync<InputException>(() => OpenAsync(fromEnvironment with { MaxLeases = 0 }));
        Assert.Equal("KOS_PG_MAX_LEASES", error.Field);
    }

    [Fact]
    public async Task A_lease_count_set_in_code_is_refused_by_the_store_naming_the_option()
    {
        var error = await Assert.ThrowsAsync<InputException>(() => OpenAsync(new PostgresStoreOptions { MaxLeases = 0 }));
        Assert.Contains("(MaxLeases)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("KOS_PG", error.Message, StringComparison.Ordinal);
        Assert.Equal("MaxLeases", error.Field);
        error = await Assert.ThrowsAsync<InputException>(() => OpenAsync(new PostgresStoreOptions { LeaseGroups = 0 }));
        Assert.Equal("LeaseGroups", error.Field);
        Assert.Equal(ErrorCodes.NumberTooSmall, error.Code);
    }

    /// <summary>Opens a store on a port nothing listens on: the options are checked before any connection.</summary>
    private static Task<PostgresEventStore> OpenAsync(PostgresStoreOptions options) =>
        PostgresEventStore.OpenAsync("Host=127.0.0.1;Port=1;Username=none;Database=none", TimeProvider.System, options, CancellationToken.None);
}
