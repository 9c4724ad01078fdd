using KnowledgeOs.Retrieval;
using KnowledgeOs.Storage.Relational;
using Npgsql;

namespace KnowledgeOs.Postgres;

/// <summary>
/// Reads the per-term document counts the writer keeps (<c>term_docs</c>, schema migration 8; written by
/// <see cref="PgRows"/>): a team's count of a term is the sum over its experts' rows, read from the primary key's
/// index alone (the counts are INCLUDEd in it).
/// </summary>
internal static class PgTermDocs
{
    /// <summary>The kept counts of the terms and prefixes a query's groups name, over the team (<see cref="FrequentWordBounds"/>).</summary>
    public static async Task<FrequentWordBounds> ReadAsync(NpgsqlConnection db, string team, IReadOnlyList<QueryGroup> groups, CancellationToken ct)
    {
        var (terms, prefixes) = FrequentWordBounds.Wanted(groups);
        var known = new Dictionary<string, long>(StringComparer.Ordinal);
        var starts = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        // One round trip: each whole term's sum, then each prefix's largest and summed term (the collation is "C", so
        // every term with the prefix sorts between it and the prefix followed by the last code point).
        await using var read = new NpgsqlCommand("""
            SELECT 0 AS kind, term, sum(docs)::bigint, 0::bigint FROM term_docs WHERE team = @team AND term = ANY(@terms) GROUP BY term
            UNION ALL
            SELECT 1, p, coalesce(max(s), 0)::bigint, coalesce(sum(s), 0)::bigint FROM unnest(@prefixes) AS p,
                LATERAL (SELECT sum(docs) AS s FROM term_docs WHERE team = @team AND term >= p AND term < p || chr(1114111) GROUP BY term) t
            GROUP BY p
            """, db);
        read.Parameters.AddWithValue("team", team);
        read.Parameters.AddWithValue("terms", terms.ToArray());
        read.Parameters.AddWithValue("prefixes", prefixes.ToArray());
        await using var reader = await read.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (reader.GetInt32(0) == 0) known[reader.GetString(1)] = reader.GetInt64(2);
            else starts[reader.GetString(1)] = (reader.GetInt64(2), reader.GetInt64(3));
        }
        return new FrequentWordBounds(known, starts);
    }
}
