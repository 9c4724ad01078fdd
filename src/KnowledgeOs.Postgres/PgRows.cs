using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;
using Npgsql;

namespace KnowledgeOs.Postgres;

/// <summary>
/// PostgreSQL's runner of the writer's statements (<see cref="RowWriter"/>): added statements go into one batch, sent
/// in one round trip; events take the positions the writer hands out under the log-head lock, and rows go as arrays
/// (<c>unnest</c>); the item rows' search terms become the indexed tsvector in the table itself.
/// </summary>
/// <param name="batch">The batch the writes go into, on the writer connection.</param>
internal sealed class PgRows(NpgsqlBatch batch) : RowWriter
{
    private const string InsertEvents = """
        INSERT INTO events (position, stream, version, type, data, recorded_at)
        SELECT u.position, @stream, u.version, u.type, u.data::json, @at
        FROM unnest(@positions, @versions, @types, @data) AS u(position, version, type, data)
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

    /// <inheritdoc/>
    public override void Add(SqlStatement statement, params object?[] values) => batch.BatchCommands.Add(Command(statement, values));

    /// <inheritdoc/>
    public override long AddEvents(PreparedAppend append, LogPositions positions, DateTimeOffset recordedAt)
    {
        var n = append.Types.Length;
        var expected = append.Append.ExpectedVersion;
        var numbers = new long[n];
        var taken = new long[n];
        for (var j = 0; j < n; j++)
        {
            taken[j] = positions.Take();
            numbers[j] = expected + j + 1;
        }
        batch.BatchCommands.Add(PgProjectionRows.Command(InsertEvents,
            ("stream", append.Stream), ("at", recordedAt), ("positions", taken), ("versions", numbers), ("types", append.Types), ("data", append.Data)));
        return positions.Last;
    }

    /// <inheritdoc/>
    public override void AddItems(StreamId stream, ItemRows rows, IReadOnlyList<string> removed)
    {
        if (rows.Count > 0)
        {
            batch.BatchCommands.Add(PgProjectionRows.Command(UpsertItems,
                ("team", stream.Team), ("expert", stream.Expert), ("ids", rows.Ids), ("sections", rows.Sections), ("texts", rows.Texts),
                ("statuses", rows.Statuses), ("sources", rows.Sources), ("firsts", rows.FirstAts), ("confirmations", rows.Confirmations),
                ("terms", rows.Terms)));
        }
        if (removed.Count > 0)
        {
            batch.BatchCommands.Add(PgProjectionRows.Command("DELETE FROM items WHERE team = @team AND expert = @expert AND item_id = ANY(@ids)",
                ("team", stream.Team), ("expert", stream.Expert), ("ids", removed.ToArray())));
        }
    }

    /// <inheritdoc/>
    public override async Task FlushAsync(CancellationToken ct)
    {
        if (batch.BatchCommands.Count == 0) return;
        try
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            batch.BatchCommands.Clear();
        }
    }

    /// <inheritdoc/>
    public override async Task ExecuteAsync(SqlStatement statement, CancellationToken ct, params object?[] values)
    {
        await using var now = new NpgsqlBatch(batch.Connection) { BatchCommands = { Command(statement, values) } };
        await now.ExecuteNonQueryAsync(ct);
    }

    /// <inheritdoc/>
    public override async Task<object?[]?> FirstRowAsync(SqlStatement statement, CancellationToken ct, params object?[] values)
    {
        await using var now = new NpgsqlBatch(batch.Connection) { BatchCommands = { Command(statement, values) } };
        await using var reader = await now.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var row = new object?[reader.FieldCount];
        for (var i = 0; i < row.Length; i++) row[i] = await reader.IsDBNullAsync(i, ct) ? null : reader.GetValue(i);
        return row;
    }

    private static NpgsqlBatchCommand Command(SqlStatement statement, object?[] values) =>
        PgProjectionRows.Command(statement.Sql, [.. statement.Parameters.Zip(values, (name, value) => (name, value))]);
}
