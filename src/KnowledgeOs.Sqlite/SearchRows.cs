using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Storage;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// Keeps the FTS5 search index (<c>search_fts</c>) in step with the item rows, on the writer connection and inside
/// its transaction. Each item row carries its search document id (<c>doc</c>, the FTS rowid) and its terms, so an
/// item whose terms did not change (a confirmation) costs no FTS write, and the index adds no table of its own with
/// a random key (a second random-key index per new item halved the 32-writer append rate).
/// </summary>
internal sealed class SearchRows : IDisposable
{
    private readonly RawStatement _find;
    private readonly RawStatement _insertFts;
    private readonly RawStatement _deleteFts;

    public SearchRows(SqliteConnection db)
    {
        _find = new RawStatement(db, "SELECT doc, terms FROM items WHERE team = $team AND expert = $expert AND item_id = $id",
            "$team", "$expert", "$id");
        _insertFts = new RawStatement(db, "INSERT INTO search_fts (rowid, terms) VALUES ($doc, $terms)", "$doc", "$terms");
        _deleteFts = new RawStatement(db, "DELETE FROM search_fts WHERE rowid = $doc", "$doc");
    }

    /// <summary>The search document id and terms an item row has now, or nulls when there is no row (or it was never indexed).</summary>
    public (long? Doc, string? Terms) Find(string team, string expert, string itemId)
    {
        var row = _find.FirstRow(team, expert, itemId);
        return row is [long doc, string terms] ? (doc, terms) : (null, null);
    }

    /// <summary>Indexes a document's terms; <paramref name="old"/> is what it had indexed (null for a new document).</summary>
    public void Index(long doc, string? old, string terms)
    {
        if (old is not null)
        {
            if (string.Equals(old, terms, StringComparison.Ordinal)) return;
            Unindex(doc);
        }
        _insertFts.Execute(doc, terms);
    }

    /// <summary>Drops a document from the index.</summary>
    public void Unindex(long doc)
    {
        _deleteFts.Execute(doc);
    }

    /// <summary>Empties the index (before a rebuild or an archive import writes every item again).</summary>
    public static void Clear(SqliteConnection db)
    {
        using var command = db.CreateCommand();
        command.CommandText = "INSERT INTO search_fts (search_fts) VALUES ('delete-all');";
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Indexes every item of a database that had items before the index existed (schema migration 4): every stream's
    /// events are folded in order, so the terms come from the full items (solutions and fields), not just the item rows.
    /// </summary>
    public static void Backfill(SqliteConnection db)
    {
        Clear(db);
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
        using var rows = new SearchRows(db);
        using var update = SqliteRows.Command(db, "UPDATE items SET doc = $doc, terms = $terms WHERE team = $team AND expert = $expert AND item_id = $id",
            "$doc", "$terms", "$team", "$expert", "$id");
        long doc = 0;
        foreach (var (stream, item) in items)
        {
            var terms = SearchTerms.Of(item);
            SqliteRows.Set(update, ++doc, terms, stream.Team, stream.Expert, item.Id);
            if (update.ExecuteNonQuery() == 0) continue;
            rows.Index(doc, null, terms);
        }
    }

    private static void Collect(string? stream, ExpertState? state, List<(StreamId, KnowledgeItem)> items)
    {
        if (stream is null || state is null) return;
        var id = StreamId.Parse(stream);
        foreach (var item in state.Items.Values) items.Add((id, item));
    }

    public void Dispose()
    {
        foreach (var command in new[] { _find, _insertFts, _deleteFts }) command.Dispose();
    }
}
