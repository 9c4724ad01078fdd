using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Storage;
using Npgsql;

namespace KnowledgeOs.Postgres;

/// <summary>
/// Fills <c>items.terms</c> for a database that had items before search existed (the search migration), inside
/// the migration's transaction: every stream's events are folded in order, so the terms come from the full items
/// (solutions and fields), not only what the item rows hold.
/// </summary>
internal static class PgSearchBackfill
{
    private const int Chunk = 5000;

    public static async Task RunAsync(NpgsqlConnection db, CancellationToken ct)
    {
        var rows = new List<(string Team, string Expert, string Id, string Terms)>();
        await using (var read = new NpgsqlCommand("SELECT stream, type, data::text FROM events ORDER BY stream, version", db))
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            string? current = null;
            ExpertState? state = null;
            while (await reader.ReadAsync(ct))
            {
                var stream = reader.GetString(0);
                if (stream != current)
                {
                    Collect(current, state, rows);
                    (current, state) = (stream, null);
                }
                state = ExpertState.Evolve(state, EventTypes.Deserialize(reader.GetString(1), reader.GetString(2)));
            }
            Collect(current, state, rows);
        }
        foreach (var chunk in rows.Chunk(Chunk))
        {
            await using var update = new NpgsqlCommand("""
                UPDATE items SET terms = u.terms
                FROM unnest(@teams, @experts, @ids, @terms) AS u(team, expert, id, terms)
                WHERE items.team = u.team AND items.expert = u.expert AND items.item_id = u.id
                """, db);
            update.Parameters.AddWithValue("teams", chunk.Select(r => r.Team).ToArray());
            update.Parameters.AddWithValue("experts", chunk.Select(r => r.Expert).ToArray());
            update.Parameters.AddWithValue("ids", chunk.Select(r => r.Id).ToArray());
            update.Parameters.AddWithValue("terms", chunk.Select(r => r.Terms).ToArray());
            await update.ExecuteNonQueryAsync(ct);
        }
        await using var analyze = new NpgsqlCommand(PgProjectionRows.AfterBulkWrite, db);
        await analyze.ExecuteNonQueryAsync(ct);
    }

    private static void Collect(string? stream, ExpertState? state, List<(string, string, string, string)> rows)
    {
        if (stream is null || state is null) return;
        var id = StreamId.Parse(stream);
        foreach (var item in state.Items.Values) rows.Add((id.Team, id.Expert, item.Id, SearchTerms.Of(item)));
    }
}
