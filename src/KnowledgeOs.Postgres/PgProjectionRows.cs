using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;
using Npgsql;
using NpgsqlTypes;

namespace KnowledgeOs.Postgres;

/// <summary>
/// Adds the statements that write inline projections (<c>experts</c> and <c>items</c> rows, the latter with their
/// search terms, which PostgreSQL turns into the indexed tsvector) to a batch, so one round trip writes a whole commit.
/// </summary>
internal static class PgProjectionRows
{
    // Without a new snapshot (@json null) the row keeps its state_json and state_version; loads fold the events after it.
    private const string UpsertExpert = """
        INSERT INTO experts (team, slug, version, display_name, role, status, state_json, state_version)
        VALUES (@team, @slug, @version, @name, @role, @status, coalesce(@json, ''), @version)
        ON CONFLICT (team, slug) DO UPDATE SET version = excluded.version, display_name = excluded.display_name,
            role = excluded.role, status = excluded.status,
            state_json = coalesce(@json, experts.state_json),
            state_version = CASE WHEN @json IS NULL THEN experts.state_version ELSE excluded.version END
        """;

    private const string UpsertItems = """
        INSERT INTO items (team, expert, item_id, section, text, status, source, first_at, confirmations, terms)
        SELECT @team, @expert, u.id, u.section, u.text, u.status, u.source, u.first_at, u.confirmations, u.terms
        FROM unnest(@ids, @sections, @texts, @statuses, @sources, @firsts, @confirmations, @terms)
            AS u(id, section, text, status, source, first_at, confirmations, terms)
        ON CONFLICT (team, expert, item_id) DO UPDATE SET section = excluded.section, text = excluded.text,
            status = excluded.status, source = excluded.source, first_at = excluded.first_at,
            confirmations = excluded.confirmations, terms = excluded.terms
        """;

    /// <summary>
    /// Run after rewriting every item row (rebuild, archive import, the search backfill): fresh statistics, so the
    /// planner sees how many rows a team and a search term have instead of guessing until autovacuum gets to it
    /// (with none it walked a whole team's rows by the section index instead of using the full-text index).
    /// </summary>
    public const string AfterBulkWrite = "ANALYZE items";

    /// <summary>Adds a prepared append's expert row (its snapshot only when the append carries one) and item rows.</summary>
    public static void Write(NpgsqlBatch batch, PreparedAppend append, long version)
    {
        var stream = append.Append.Stream;
        WriteExpert(batch, stream, append.Append.NewState, version, append.StateJson);
        WriteItems(batch, stream, append.Items, append.RemovedItems);
    }

    /// <summary>Adds an expert's row and every item row (the caller has cleared the old rows).</summary>
    public static void WriteAll(NpgsqlBatch batch, StreamId stream, ExpertState state, long version)
    {
        WriteExpert(batch, stream, state, version, StoredState.Write(state));
        WriteItems(batch, stream, ItemRows.Of(state.Items.Values.ToList()), []);
    }

    private static void WriteExpert(NpgsqlBatch batch, StreamId stream, ExpertState state, long version, string? json)
    {
        var command = Command(UpsertExpert,
            ("team", stream.Team), ("slug", stream.Expert), ("version", version), ("name", state.DisplayName),
            ("role", state.Role), ("status", state.Status.Code()));
        // Typed, so that a null still tells PostgreSQL what @json is in "coalesce(@json, …)" and "@json IS NULL".
        command.Parameters.Add(new NpgsqlParameter("json", NpgsqlDbType.Text) { Value = (object?)json ?? DBNull.Value });
        batch.BatchCommands.Add(command);
    }

    private static void WriteItems(NpgsqlBatch batch, StreamId stream, ItemRows rows, string[] removed)
    {
        if (rows.Count > 0)
        {
            batch.BatchCommands.Add(Command(UpsertItems,
                ("team", stream.Team), ("expert", stream.Expert), ("ids", rows.Ids), ("sections", rows.Sections), ("texts", rows.Texts),
                ("statuses", rows.Statuses), ("sources", rows.Sources), ("firsts", rows.FirstAts), ("confirmations", rows.Confirmations),
                ("terms", rows.Terms)));
        }
        if (removed.Length > 0)
        {
            batch.BatchCommands.Add(Command("DELETE FROM items WHERE team = @team AND expert = @expert AND item_id = ANY(@ids)",
                ("team", stream.Team), ("expert", stream.Expert), ("ids", removed)));
        }
    }

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
