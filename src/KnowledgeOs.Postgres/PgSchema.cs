using KnowledgeOs.Storage.Relational;
using Npgsql;

namespace KnowledgeOs.Postgres;

/// <summary>
/// PostgreSQL's schema migration (the list is <see cref="PgMigrations"/>), applied at start in one transaction under
/// an advisory lock: two servers starting at once queue on the lock, the second finds the work done; DDL is
/// transactional, so a crash leaves no half schema.
/// </summary>
internal static class PgSchema
{
    /// <summary>The newest schema version this build knows.</summary>
    public static int Latest => PgMigrations.List.Latest;

    /// <summary>Creates the schema when missing and applies every migration it lacks.</summary>
    public static async Task MigrateAsync(NpgsqlConnection db, string schema, string where, TimeProvider time, CancellationToken ct)
    {
        await using var tx = await db.BeginTransactionAsync(ct);
        // Held to the end of the transaction: concurrent starters wait here, then see the finished schema.
        await Execute(db, "SELECT pg_advisory_xact_lock(hashtextextended('kos.migrate:' || @schema, 0))", ct, ("schema", schema));
        // Only when missing: CREATE SCHEMA needs the CREATE privilege on the database even with IF NOT EXISTS,
        // and a server's everyday login should not need it.
        if (!await Scalar<bool>(db, "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema)", ct, ("schema", schema)))
            await Execute(db, $"CREATE SCHEMA {PgConnections.Quote(schema)}", ct);
        var dialect = new MigrationDialect(
            HasLedger: $"SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = {Literal(schema)} AND tablename = 'schema_migrations')",
            OtherTables: $"SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = {Literal(schema)} AND c.relkind IN ('r', 'v', 'm', 'p')",
            CreateLedger: "CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)",
            NotOurs: $"Schema '{schema}' of PostgreSQL at {where} is not a KnowledgeOS store: it holds other tables. Use another schema (Search Path=kos).",
            TooNew: current => $"PostgreSQL at {where} has schema version {current}, newer than this kos knows ({Latest}); upgrade kos.",
            AppliedAt: time.GetUtcNow().ToUniversalTime());
        await PgMigrations.List.ApplyAsync(db, tx, dialect, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>A SQL string literal (the schema name in the runner's parameterless checks).</summary>
    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static async Task Execute(NpgsqlConnection db, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, db);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection db, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, db);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }
}
