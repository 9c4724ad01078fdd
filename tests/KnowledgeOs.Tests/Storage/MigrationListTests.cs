using System.Security.Cryptography;
using System.Text;
using KnowledgeOs.Postgres;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Tests.Storage;

/// <summary>
/// The migration lists are data the one runner applies: a released migration's SQL text never changes (stored
/// databases have run it), and a list with a gap or a stray backfill is refused with a message naming the number.
/// </summary>
public sealed class MigrationListTests
{
    /// <summary>SHA-256 of each released SQLite migration's text, as released (taken from the texts before they moved into SqliteMigrations.cs).</summary>
    private static readonly string[] ReleasedSqlite =
    [
        "aef7b65fa0dcf83423a4a69ab7a55794f22aa4fe05447a06a442c8092209aa0d",
        "76e926213725f5b11a06af7a7e82addbd9386bf0301b4523c529c82f2d5412be",
        "8c443b313fd0f02ef4f59c20c6ccdc2c583369f56ebb4da20a0ffe84e0c0a8df",
        "93b3c6b48bc59db810395ae0f93cad45b95d5e7259496c8835f3075a6b9b4df9",
        "6f9a5e6017be0fedf347572d3e50107a7dc3680a7cf03c9156dfca31c1a964bb",
        "a9711f0a5496b28a2bdbbf78a8e9acb22e96b5fee3803147a9760bb4e8656b67",
        "4ca158f8f4d31f69b38505abc16c47f4ce01e42d6f762d80821741352a2f62d6",
    ];

    /// <summary>The same for PostgreSQL (taken from the texts before they moved into PgMigrations.cs).</summary>
    private static readonly string[] ReleasedPostgres =
    [
        "bfa1176ed05e93d5f70293407820b7e97c25d2e259013615e5590a2f6b059083",
        "06f3bda49ffa3da12dd85e1efd765695a1b6b136f931718c3edccea11c0e2377",
        "0e0027171352ae7261cf2b311d9a6b276ac3052617464822d8f1ee3df7f888a0",
        "d07f40a298810e97b22bdb544567590345f8177d68be0933065be63633eb5fda",
        "026e1d38b06c8885d26ec1c224ed72b1f2b9cf557edf1eddcaaf1fffb6534bb5",
        "4cfc7e95f03a0e868d9948419c119163a1a120ee5cfb9c9fbfc2feab57c581c6",
    ];

    [Fact]
    public void Released_SQLite_migrations_keep_their_text() =>
        AssertReleased(SqliteMigrations.List.All, ReleasedSqlite);

    [Fact]
    public void Released_PostgreSQL_migrations_keep_their_text() =>
        AssertReleased(PgMigrations.List.All, ReleasedPostgres);

    [Fact]
    public void A_list_with_a_gap_is_refused_naming_the_migration()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MigrationList<SqliteConnection>(
            [(1, "first", "SELECT 1"), (3, "third", "SELECT 3")], new Dictionary<int, Func<SqliteConnection, CancellationToken, Task>>()));
        Assert.Contains("Migration number 3 ('third') is at place 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_backfill_after_a_missing_migration_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new MigrationList<SqliteConnection>(
            [(1, "first", "SELECT 1")], new Dictionary<int, Func<SqliteConnection, CancellationToken, Task>> { [2] = (_, _) => Task.CompletedTask }));
        Assert.Contains("follows migration 2", ex.Message, StringComparison.Ordinal);
    }

    private static void AssertReleased(IReadOnlyList<Migration> migrations, string[] released)
    {
        // A new migration is added after the released ones; a released one is never edited or removed.
        Assert.True(migrations.Count >= released.Length, $"{migrations.Count} migrations, {released.Length} released");
        for (var i = 0; i < released.Length; i++)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(migrations[i].Sql)));
            Assert.True(released[i] == hash, $"migration {migrations[i].Version} ('{migrations[i].Name}') changed its SQL text");
        }
    }
}
