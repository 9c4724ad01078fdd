using System.Text.Json;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// The per-term document counts of the FTS5 index (<c>term_docs</c>, schema migration 9), kept by the writer in the
/// transaction that changes a document: search asks them whether a query word is frequent, and they are FTS5's own n.
/// One row per term over the whole index (FTS5's statistics are over the whole table, and SQLite has one writer, so
/// no row is ever contended). The changes of a writer batch are summed in memory (<see cref="TermDocsBatch"/>) and
/// written once per term just before the batch commits.
/// </summary>
internal sealed class SqliteTermDocs : IDisposable
{
    private readonly RawStatement _add;
    private readonly TermDocsBatch _batch = new();
    private readonly Action<string, int> _write;

    public SqliteTermDocs(SqliteConnection db)
    {
        _add = new RawStatement(db, """
            INSERT INTO term_docs (term, docs) VALUES ($term, $delta)
            ON CONFLICT (term) DO UPDATE SET docs = docs + excluded.docs
            """, "$term", "$delta");
        _write = (term, delta) => _add.Execute(term, delta);
    }

    /// <summary>Moves the batch's counts from a document's old terms (null: it was not indexed) to its new ones (null: dropped).</summary>
    public void Apply(string? old, string? now) => _batch.Add(old, now);

    /// <summary>A commit's savepoint opens (<see cref="TermDocsBatch.Savepoint"/>).</summary>
    public void Savepoint() => _batch.Savepoint();

    /// <summary>The commit was rolled back to its savepoint: its changes leave the batch.</summary>
    public void RolledBack() => _batch.RolledBack();

    /// <summary>The commit's savepoint is released.</summary>
    public void Released() => _batch.Released();

    /// <summary>A batch's transaction begins: changes of a batch that did not commit are forgotten.</summary>
    public void Begin() => _batch.Reset();

    /// <summary>Writes the batch's changes, one upsert per term whose count moved, inside its transaction (just before it commits).</summary>
    public void Write() => _batch.Drain(_write);

    /// <summary>Empties the counts (with the FTS5 index, before a rebuild or an archive restore writes every item again).</summary>
    public static void Clear(SqliteConnection db)
    {
        using var clear = db.CreateCommand();
        clear.CommandText = "DELETE FROM term_docs";
        clear.ExecuteNonQuery();
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
                foreach (var term in new HashSet<string>(reader.GetString(0).Split(' ', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal))
                    counts[term] = counts.GetValueOrDefault(term) + 1;
            }
        }
        Clear(db);
        using var insert = SqliteRows.Command(db, "INSERT INTO term_docs (term, docs) VALUES ($term, $docs)", "$term", "$docs");
        foreach (var (term, docs) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            SqliteRows.Set(insert, term, docs);
            insert.ExecuteNonQuery();
        }
    }

    /// <summary>The kept counts of the terms and prefixes a query's groups name (<see cref="FrequentWordBounds"/>), read on a search connection.</summary>
    public static async Task<FrequentWordBounds> ReadAsync(SqliteConnection db, IReadOnlyList<QueryGroup> groups, CancellationToken ct)
    {
        var (terms, prefixes) = FrequentWordBounds.Wanted(groups);
        var known = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var read = db.CreateCommand())
        {
            read.CommandText = "SELECT term, docs FROM term_docs WHERE term IN (SELECT value FROM json_each($terms))";
            read.Parameters.AddWithValue("$terms", JsonSerializer.Serialize(terms));
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) known[reader.GetString(0)] = reader.GetInt64(1);
        }
        var starts = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        foreach (var prefix in prefixes)
        {
            // Every term with the prefix sorts between it and the prefix followed by the last code point (BINARY order).
            await using var read = db.CreateCommand();
            read.CommandText = "SELECT coalesce(max(docs), 0), coalesce(sum(docs), 0) FROM term_docs WHERE term >= $p AND term < $p || char(1114111)";
            read.Parameters.AddWithValue("$p", prefix);
            await using var reader = await read.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct)) starts[prefix] = (reader.GetInt64(0), reader.GetInt64(1));
        }
        return new FrequentWordBounds(known, starts);
    }

    public void Dispose() => _add.Dispose();
}
