using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// Writes the inline projections (<c>experts</c> and <c>items</c> rows, and the search index over the items) on
/// the writer connection, with statements prepared once and reused for every commit.
/// </summary>
internal sealed class ProjectionRows : IDisposable
{
    private readonly SqliteCommand _upsertExpert;
    private readonly SqliteCommand _upsertItem;
    private readonly SqliteCommand _deleteItem;
    private readonly SearchRows _search;

    public ProjectionRows(SqliteConnection db)
    {
        _upsertExpert = Command(db, """
            INSERT INTO experts (team, slug, version, display_name, role, status, state_json, state_version)
            VALUES ($team, $slug, $version, $name, $role, $status, coalesce($json, ''), $version)
            ON CONFLICT (team, slug) DO UPDATE SET version = excluded.version, display_name = excluded.display_name,
                role = excluded.role, status = excluded.status,
                state_json = CASE WHEN $json IS NULL THEN experts.state_json ELSE $json END,
                state_version = CASE WHEN $json IS NULL THEN experts.state_version ELSE $version END
            """, "$team", "$slug", "$version", "$name", "$role", "$status", "$json");
        // A new item takes the next search document id (the FTS rowid); an existing one keeps its own.
        _upsertItem = Command(db, """
            INSERT INTO items (team, expert, item_id, section, text, status, source, first_at, confirmations, doc, terms)
            VALUES ($team, $expert, $id, $section, $text, $status, $source, $first, $confirmations,
                coalesce($doc, (SELECT coalesce(max(doc), 0) + 1 FROM items)), $terms)
            ON CONFLICT (team, expert, item_id) DO UPDATE SET section = excluded.section, text = excluded.text,
                status = excluded.status, source = excluded.source, first_at = excluded.first_at,
                confirmations = excluded.confirmations, doc = excluded.doc, terms = excluded.terms
            RETURNING doc
            """, "$team", "$expert", "$id", "$section", "$text", "$status", "$source", "$first", "$confirmations", "$doc", "$terms");
        _deleteItem = Command(db, "DELETE FROM items WHERE team = $team AND expert = $expert AND item_id = $id", "$team", "$expert", "$id");
        _search = new SearchRows(db);
    }

    /// <summary>Writes a whole state's rows (rebuild, restore): the snapshot and every item.</summary>
    public void WriteAll(StreamId stream, long version, ExpertState state) =>
        Write(stream, version, state, StoredState.Write(state), ItemRows.Of(state.Items.Values.ToList()), []);

    /// <summary>Writes an expert's row (keeping the stored snapshot when <paramref name="stateJson"/> is null) and the given
    /// item rows with their search terms; removed ids lose their rows.</summary>
    public void Write(StreamId stream, long version, ExpertState state, string? stateJson, ItemRows items, IEnumerable<string> removed)
    {
        Set(_upsertExpert, stream.Team, stream.Expert, version, state.DisplayName, state.Role, state.Status.Code(), stateJson);
        _upsertExpert.ExecuteNonQuery();
        for (var i = 0; i < items.Count; i++)
        {
            var (doc, terms) = _search.Find(stream.Team, stream.Expert, items.Ids[i]);
            Set(_upsertItem, stream.Team, stream.Expert, items.Ids[i], items.Sections[i], items.Texts[i], items.Statuses[i], items.Sources[i],
                RecordedAt.Write(new DateTimeOffset(items.FirstAts[i], TimeSpan.Zero)), items.Confirmations[i], doc, items.Terms[i]);
            var written = (long)_upsertItem.ExecuteScalar()!;
            _search.Index(written, doc is null ? null : terms, items.Terms[i]);
        }
        foreach (var id in removed)
        {
            var (doc, _) = _search.Find(stream.Team, stream.Expert, id);
            Set(_deleteItem, stream.Team, stream.Expert, id);
            _deleteItem.ExecuteNonQuery();
            if (doc is { } d) _search.Unindex(d);
        }
    }

    internal static SqliteCommand Command(SqliteConnection db, string sql, params string[] parameters)
    {
        var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    internal static void Set(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
    }

    public void Dispose()
    {
        _upsertExpert.Dispose();
        _upsertItem.Dispose();
        _deleteItem.Dispose();
        _search.Dispose();
    }
}
