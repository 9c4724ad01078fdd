using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;
using Npgsql;
using NpgsqlTypes;

namespace KnowledgeOs.Postgres;

/// <summary>
/// Batch commands with PostgreSQL's parameter types; the projection rows are <see cref="CommitRows"/>' through <see cref="PgRows"/>.
/// </summary>
internal static class PgProjectionRows
{
    /// <summary>
    /// Run after rewriting every item row (rebuild, archive import, the search backfill): fresh statistics, so the
    /// planner sees how many rows a team and a search term have instead of guessing until autovacuum gets to it
    /// (with none it walked a whole team's rows by the section index instead of using the full-text index).
    /// </summary>
    public const string AfterBulkWrite = "ANALYZE items";

    /// <summary>A batch command with named parameters; <see cref="DateTime"/> arrays go as <c>timestamptz[]</c>.</summary>
    public static NpgsqlBatchCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value switch
            {
                DateTime[] times => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = times },
                DateTimeOffset at => new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = at.UtcDateTime },
                null => new NpgsqlParameter(name, DBNull.Value),
                _ => new NpgsqlParameter(name, value),
            });
        }
        return command;
    }
}
