using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Storage;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// Keeps the search index (<c>search_docs</c> and the FTS5 table <c>search_fts</c>) in step with the item rows,
/// on the writer connection and inside its transaction. <c>search_docs</c> gives each item a stable integer id
/// (the FTS rowid) and remembers its terms, so an item whose terms did not change (a confirmation) costs one
/// indexed lookup and no FTS write.
/// </summary>
internal sealed class SearchRows : IDisposable
{
    private readonly SqliteCommand _find;
    private readonly SqliteCommand _insertDoc;
    private readonly SqliteCommand _updateDoc;
    private readonly SqliteCommand _deleteDoc;
    private readonly SqliteCommand _insertFts;
    private readonly SqliteCommand _deleteFts;

    public SearchRows(SqliteConnection db)
    {
        _find = ProjectionRows.Command(db, "SELECT doc, terms FROM search_docs WHERE team = $team AND expert = $expert AND item_id = $id",
            "$team", "$expert", "$id");
        _insertDoc = ProjectionRows.Command(db, "INSERT INTO search_docs (team, expert, item_id, terms) VALUES ($team, $expert, $id, $terms) RETURNING doc",
            "$team", "$expert", "$id", "$terms");
        _updateDoc = ProjectionRows.Command(db, "UPDATE search_docs SET terms = $terms WHERE doc = $doc", "$terms", "$doc");
        _deleteDoc = ProjectionRows.Command(db, "DELETE FROM search_docs WHERE doc = $doc", "$doc");
        _insertFts = ProjectionRows.Command(db, "INSERT INTO search_fts (rowid, terms) VALUES ($doc, $terms)", "$doc", "$terms");
        _deleteFts = ProjectionRows.Command(db, "DELETE FROM search_fts WHERE rowid = $doc", "$doc");
    }

    /// <summary>Indexes an item's terms, replacing what was indexed for it when they changed.</summary>
    public void Upsert(string team, string expert, string itemId, string terms)
    {
        var (doc, old) = Find(team, expert, itemId);
        if (doc is null)
        {
            ProjectionRows.Set(_insertDoc, team, expert, itemId, terms);
            var id = (long)_insertDoc.ExecuteScalar()!;
            ProjectionRows.Set(_insertFts, id, terms);
            _insertFts.ExecuteNonQuery();
            return;
        }
        if (string.Equals(old, terms, StringComparison.Ordinal)) return;
        ProjectionRows.Set(_updateDoc, terms, doc);
        _updateDoc.ExecuteNonQuery();
        ProjectionRows.Set(_deleteFts, doc);
        _deleteFts.ExecuteNonQuery();
        ProjectionRows.Set(_insertFts, doc, terms);
        _insertFts.ExecuteNonQuery();
    }

    /// <summary>Drops an item from the index.</summary>
    public void Delete(string team, string expert, string itemId)
    {
        var (doc, _) = Find(team, expert, itemId);
        if (doc is null) return;
        ProjectionRows.Set(_deleteDoc, doc);
        _deleteDoc.ExecuteNonQuery();
        ProjectionRows.Set(_deleteFts, doc);
        _deleteFts.ExecuteNonQuery();
    }

    /// <summary>Empties the index (before a rebuild or an archive import writes every item again).</summary>
    public static void Clear(SqliteConnection db)
    {
        using var command = db.CreateCommand();
        command.CommandText = "DELETE FROM search_docs; INSERT INTO search_fts (search_fts) VALUES ('delete-all');";
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Fills the index of a database that had items before search existed (migration 3): every stream's events are
    /// folded in order, so the terms come from the full items (solutions and fields), not just the item rows.
    /// </summary>
    public static void Backfill(SqliteConnection db)
    {
        Clear(db);
        using var rows = new SearchRows(db);
        var items = new List<(StreamId Stream, KnowledgeItem Item)>();
        using (var read = db.CreateCommand())
        {
            read.CommandText = "SELECT stream, type, data FROM events ORDER BY stream, version";
            using var reader = read.ExecuteReader();
            string? current = null;
            ExpertState? state = null;
            while (reader.Read())
            {
                var stream = reader.GetString(0);
                if (stream != current)
                {
                    Collect(current, state, items);
                    (current, state) = (stream, null);
                }
                state = ExpertState.Evolve(state, EventTypes.Deserialize(reader.GetString(1), reader.GetString(2)));
            }
            Collect(current, state, items);
        }
        foreach (var (stream, item) in items) rows.Upsert(stream.Team, stream.Expert, item.Id, SearchTerms.Of(item));
    }

    private static void Collect(string? stream, ExpertState? state, List<(StreamId, KnowledgeItem)> items)
    {
        if (stream is null || state is null) return;
        var id = StreamId.Parse(stream);
        foreach (var item in state.Items.Values) items.Add((id, item));
    }

    private (long? Doc, string? Terms) Find(string team, string expert, string itemId)
    {
        ProjectionRows.Set(_find, team, expert, itemId);
        using var reader = _find.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (null, null);
    }

    public void Dispose()
    {
        foreach (var command in new[] { _find, _insertDoc, _updateDoc, _deleteDoc, _insertFts, _deleteFts }) command.Dispose();
    }
}
