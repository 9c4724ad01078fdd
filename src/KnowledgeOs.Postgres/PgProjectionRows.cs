using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;
using Npgsql;
using NpgsqlTypes;

namespace KnowledgeOs.Postgres;

/// <summary>
/// Adds the statements that write inline projections (<c>experts</c> and <c>items</c> rows) to a batch, so one
/// round trip writes a whole commit.
/// </summary>
internal static class PgProjectionRows
{
    private const string UpsertExpert = """
        INSERT INTO experts (team, slug, version, display_name, role, status, state_json)
        VALUES (@team, @slug, @version, @name, @role, @status, @json)
        ON CONFLICT (team, slug) DO UPDATE SET version = excluded.version, display_name = excluded.display_name,
            role = excluded.role, status = excluded.status, state_json = excluded.state_json
        """;

    private const string UpsertItems = """
        INSERT INTO items (team, expert, item_id, section, text, status, source, first_at, confirmations)
        SELECT @team, @expert, u.id, u.section, u.text, u.status, u.source, u.first_at, u.confirmations
        FROM unnest(@ids, @sections, @texts, @statuses, @sources, @firsts, @confirmations)
            AS u(id, section, text, status, source, first_at, confirmations)
        ON CONFLICT (team, expert, item_id) DO UPDATE SET section = excluded.section, text = excluded.text,
            status = excluded.status, source = excluded.source, first_at = excluded.first_at,
            confirmations = excluded.confirmations
        """;

    /// <summary>Adds an expert's row and the rows of the items the events touched.</summary>
    public static void Write(NpgsqlBatch batch, StreamId stream, ExpertState state, long version, IEnumerable<KnowledgeEvent> events)
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            var id = e switch
            {
                KnowledgeRecorded r => r.ItemId,
                KnowledgeConfirmed c => c.ItemId,
                KnowledgeRetracted x => x.ItemId,
                KnowledgePromoted p => p.ItemId,
                _ => null,
            };
            if (id is not null) touched.Add(id);
        }
        WriteExpert(batch, stream, state, version);
        WriteItems(batch, stream, state, touched);
    }

    /// <summary>Adds an expert's row and every item row (the caller has cleared the old rows).</summary>
    public static void WriteAll(NpgsqlBatch batch, StreamId stream, ExpertState state, long version)
    {
        WriteExpert(batch, stream, state, version);
        WriteItems(batch, stream, state, state.Items.Keys);
    }

    private static void WriteExpert(NpgsqlBatch batch, StreamId stream, ExpertState state, long version) =>
        batch.BatchCommands.Add(Command(UpsertExpert,
            ("team", stream.Team), ("slug", stream.Expert), ("version", version), ("name", state.DisplayName),
            ("role", state.Role), ("status", state.Status), ("json", StoredState.Write(state))));

    private static void WriteItems(NpgsqlBatch batch, StreamId stream, ExpertState state, IEnumerable<string> ids)
    {
        var present = new List<KnowledgeItem>();
        var gone = new List<string>();
        foreach (var id in ids)
        {
            if (state.Items.TryGetValue(id, out var item)) present.Add(item);
            else gone.Add(id);
        }
        if (present.Count > 0)
        {
            batch.BatchCommands.Add(Command(UpsertItems,
                ("team", stream.Team), ("expert", stream.Expert),
                ("ids", present.Select(i => i.Id).ToArray()),
                ("sections", present.Select(i => i.Section.Code()).ToArray()),
                ("texts", present.Select(i => i.Text).ToArray()),
                ("statuses", present.Select(i => i.Status).ToArray()),
                ("sources", present.Select(i => i.Source).ToArray()),
                ("firsts", present.Select(i => i.FirstAt.UtcDateTime).ToArray()),
                ("confirmations", present.Select(i => i.Confirmations.Count).ToArray())));
        }
        if (gone.Count > 0)
        {
            batch.BatchCommands.Add(Command("DELETE FROM items WHERE team = @team AND expert = @expert AND item_id = ANY(@ids)",
                ("team", stream.Team), ("expert", stream.Expert), ("ids", gone.ToArray())));
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
