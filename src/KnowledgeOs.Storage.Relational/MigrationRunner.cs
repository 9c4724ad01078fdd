using System.Data.Common;

namespace KnowledgeOs.Storage.Relational;

/// <summary>A numbered schema change; a released one is never edited, a change is a new one.</summary>
/// <param name="Version">Its number, from 1, without gaps.</param>
/// <param name="Name">What it does, recorded beside the number.</param>
/// <param name="Sql">Its statements.</param>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>What the migration runner asks a database in its own SQL.</summary>
/// <param name="HasLedger">A scalar: 1 (or true) when <c>schema_migrations</c> exists.</param>
/// <param name="OtherTables">A scalar: how many tables of someone else's are there.</param>
/// <param name="CreateLedger">Creates <c>schema_migrations</c> in the database's types.</param>
/// <param name="NotOurs">The message for a database holding other tables.</param>
/// <param name="TooNew">The message for a schema newer than this build, given the version found.</param>
/// <param name="AppliedAt">The value stored as the time a migration was applied.</param>
public sealed record MigrationDialect(string HasLedger, string OtherTables, string CreateLedger,
    string NotOurs, Func<long, string> TooNew, object AppliedAt);

/// <summary>
/// Applies the numbered migrations a database lacks, each with its backfill (work beyond SQL, such as a search index
/// computed in C#), in the caller's transaction, so a crash leaves no half schema; one runner for every database.
/// </summary>
public static class MigrationRunner
{
    /// <summary>Brings the schema up to date; the caller holds a write transaction (and whatever lock keeps other starters out).</summary>
    /// <exception cref="StorageException">The database holds other tables, or a schema newer than this build.</exception>
    public static async Task ApplyAsync(DbConnection db, DbTransaction? tx, IReadOnlyList<Migration> migrations,
        IReadOnlyDictionary<int, Func<CancellationToken, Task>> backfills, MigrationDialect dialect, CancellationToken ct)
    {
        if (!Convert.ToBoolean(await ScalarAsync(db, tx, dialect.HasLedger, ct), System.Globalization.CultureInfo.InvariantCulture))
        {
            // A database someone else made: refuse rather than add our tables beside theirs.
            if (Convert.ToInt64(await ScalarAsync(db, tx, dialect.OtherTables, ct), System.Globalization.CultureInfo.InvariantCulture) > 0)
                throw new StorageException(dialect.NotOurs);
            await ExecuteAsync(db, tx, dialect.CreateLedger, ct);
        }
        var current = Convert.ToInt64(await ScalarAsync(db, tx, "SELECT coalesce(max(version), 0) FROM schema_migrations", ct), System.Globalization.CultureInfo.InvariantCulture);
        var latest = migrations[^1].Version;
        if (current > latest) throw new StorageException(dialect.TooNew(current));
        foreach (var (version, name, sql) in migrations.Where(m => m.Version > current))
        {
            await ExecuteAsync(db, tx, sql, ct);
            if (backfills.TryGetValue(version, out var backfill)) await backfill(ct);
            await ExecuteAsync(db, tx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @at)", ct,
                ("v", version), ("n", name), ("at", dialect.AppliedAt));
        }
    }

    private static async Task ExecuteAsync(DbConnection db, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = DbCommands.Create(db, sql, parameters);
        command.Transaction = tx;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> ScalarAsync(DbConnection db, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var command = DbCommands.Create(db, sql);
        command.Transaction = tx;
        return await command.ExecuteScalarAsync(ct);
    }
}
