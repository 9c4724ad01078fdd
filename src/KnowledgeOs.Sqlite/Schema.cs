using KnowledgeOs.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// SQLite's schema check and migration (the list is <see cref="SqliteMigrations"/>), applied in one write transaction
/// so that two processes opening a new file at once do not both apply them and a crash never leaves half a schema.
/// </summary>
internal static class Schema
{
    /// <summary>The newest schema version this build knows.</summary>
    public static int Latest => SqliteMigrations.List.Latest;

    /// <summary>True when the file is at the newest schema; a read, no lock taken.</summary>
    public static bool IsCurrent(SqliteConnection db)
    {
        if (Scalar<long>(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'") == 0) return false;
        return Scalar<long>(db, "SELECT coalesce(max(version), 0) FROM schema_migrations") == Latest;
    }

    /// <summary>Brings the schema up to date (see <see cref="MigrationRunner"/>); the caller holds a write transaction.</summary>
    public static void Migrate(SqliteConnection db, string path, TimeProvider time)
    {
        var dialect = new MigrationDialect(
            HasLedger: "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
            OtherTables: "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'",
            CreateLedger: "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
            NotOurs: $"{path} is not a KnowledgeOS database: it holds other tables.",
            TooNew: current => $"{path} has schema version {current}, newer than this kos knows ({Latest}); upgrade kos.",
            AppliedAt: RecordedAt.Write(time.GetUtcNow()));
        // Microsoft.Data.Sqlite runs its async calls synchronously: this completes before it returns.
        SqliteMigrations.List.ApplyAsync(db, null, dialect, CancellationToken.None).GetAwaiter().GetResult();
    }

    private static T Scalar<T>(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }
}
