using KnowledgeOs.Retrieval;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// FTS5's <c>bm25()</c> computed in C# over a small set of candidates' indexed terms: the same formula (k1 = 1.2,
/// b = 0.75, idf floored at 1e-6), the same sums in the same order, the index's own row count and average length
/// (FTS5's averages record). FTS5 weighs each phrase of a ranked query by reading every document holding it, once per
/// statement: at 1,000,000 items a query word 100,000 items hold cost more than ranking its few matches. Here a
/// single-term phrase's document count is the kept one (<c>term_docs</c>, written in the same transaction as the index,
/// so never stale); a phrase of several terms or a prefix is counted by FTS5 as before.
/// (First tried on branch <c>sq1m</c>, a5b94be, with counts cached on FTS5's internal records; not merged then.)
/// </summary>
internal static class SqliteBm25
{
    /// <summary>The index's row count and average length in tokens.</summary>
    internal sealed record IndexStats(long Rows, double AverageLength);

    /// <summary>Reads the row count and total length from FTS5's averages record (varints: rows, then tokens per column).</summary>
    public static async Task<IndexStats> ReadStatsAsync(SqliteConnection db, CancellationToken ct)
    {
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT block FROM search_fts_data WHERE id = 1";
        if (await command.ExecuteScalarAsync(ct) is not byte[] block) return new IndexStats(0, 0);
        var at = 0;
        var rows = Varint(block, ref at);
        var tokens = at < block.Length ? Varint(block, ref at) : 0;
        return new IndexStats(rows, rows == 0 ? 0 : (double)tokens / rows);
    }

    /// <summary>Each phrase's idf as FTS5 weighs it: single terms from the kept counts, other phrases counted by FTS5.</summary>
    public static async Task<double[]> IdfAsync(SqliteConnection db, IndexStats stats, IReadOnlyList<QueryAlternative> phrases, IReadOnlyDictionary<string, long> kept,
        Func<QueryAlternative, string> match, CancellationToken ct)
    {
        var idf = new double[phrases.Count];
        var counted = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < phrases.Count; i++)
        {
            var phrase = phrases[i];
            if (!(phrase.Terms.Count == 1 && !phrase.Prefix && kept.TryGetValue(phrase.Terms[0], out var documents)))
            {
                var text = match(phrase);
                if (!counted.TryGetValue(text, out documents))
                {
                    await using var command = db.CreateCommand();
                    command.CommandText = "SELECT count(*) FROM search_fts WHERE search_fts MATCH $phrase";
                    command.Parameters.AddWithValue("$phrase", text);
                    documents = (long)(await command.ExecuteScalarAsync(ct))!;
                    counted[text] = documents;
                }
            }
            var weight = Math.Log((stats.Rows - documents + 0.5) / (documents + 0.5));
            idf[i] = weight <= 0.0 ? 1e-6 : weight;
        }
        return idf;
    }

    /// <summary>The bm25 score of one document (higher is better: FTS5's rank negated), from its indexed terms.</summary>
    public static double Score(IReadOnlyList<QueryAlternative> phrases, double[] idf, double averageLength, string[] terms)
    {
        const double k1 = 1.2;
        const double b = 0.75;
        double length = terms.Length;
        var score = 0.0;
        for (var i = 0; i < phrases.Count; i++)
        {
            double frequency = QueryPlan.Instances(terms, phrases[i]);
            score += idf[i] * (frequency * (k1 + 1.0) / (frequency + k1 * (1 - b + b * length / averageLength)));
        }
        return score;
    }

    // SQLite's varint: 7 bits a byte, high bit set while more follow; the ninth byte gives all 8 bits.
    private static long Varint(byte[] block, ref int at)
    {
        long value = 0;
        for (var i = 0; i < 8 && at < block.Length; i++)
        {
            var next = block[at++];
            value = value << 7 | (long)(next & 0x7f);
            if ((next & 0x80) == 0) return value;
        }
        return at < block.Length ? value << 8 | block[at++] : value;
    }
}
