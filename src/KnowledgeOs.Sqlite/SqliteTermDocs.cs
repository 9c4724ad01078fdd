using KnowledgeOs.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// The per-term document counts of the FTS5 index (<c>term_docs</c>, schema migration 9), kept by the writer in the
/// transaction that changes a document: search asks them whether a query word is frequent, and they are FTS5's own n.
/// One row per term over the whole index (FTS5's statistics are over the whole table, and SQLite has one writer, so
/// no row is ever contended).
/// </summary>
internal sealed class SqliteTermDocs : IDisposable
{
    private readonly RawStatement _add;

    public SqliteTermDocs(SqliteConnection db)
    {
        _add = new RawStatement(db, """
            INSERT INTO term_docs (term, docs) VALUES ($term, $delta)
            ON CONFLICT (term) DO UPDATE SET docs = docs + excluded.docs
            """, "$term", "$delta");
    }

    /// <summary>Moves the counts from a document's old terms (null: it was not indexed) to its new ones (null: dropped).</summary>
    public void Apply(string? old, string? now)
    {
        foreach (var (term, delta) in TermDeltas.Of(old, now)) _add.Execute(term, delta);
    }

    /// <summary>Counts every indexed item's terms again (schema migration 9 on a database that has items).</summary>
    public static void Fill(SqliteConnection db)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var read = db.CreateCommand())
        {
            read.CommandText = "SELECT terms FROM items WHERE doc IS NOT NULL";
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                foreach (var term in TermDeltas.Distinct(reader.GetString(0)))
                    counts[term] = counts.GetValueOrDefault(term) + 1;
            }
        }
        using (var clear = db.CreateCommand())
        {
            clear.CommandText = "DELETE FROM term_docs";
            clear.ExecuteNonQuery();
        }
        using var insert = SqliteRows.Command(db, "INSERT INTO term_docs (term, docs) VALUES ($term, $docs)", "$term", "$docs");
        foreach (var (term, docs) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            SqliteRows.Set(insert, term, docs);
            insert.ExecuteNonQuery();
        }
    }

    public void Dispose() => _add.Dispose();
}
