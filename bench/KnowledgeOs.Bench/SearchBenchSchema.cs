using System.Globalization;
using Npgsql;

namespace KnowledgeOs.Bench;

/// <summary>
/// The search bench's helpers for iterating on a big corpus: a PostgreSQL schema kept between runs (loading a million
/// items takes minutes), and the latencies per step of the query plan that answered.
/// </summary>
internal static class SearchBenchSchema
{
    /// <summary>How many items the team holds in the schema; 0 when the schema or its items table does not exist.</summary>
    public static async Task<long> ItemsAsync(string connection, string schema, string team, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", db);
        exists.Parameters.AddWithValue("table", schema + ".items");
        if (!(bool)(await exists.ExecuteScalarAsync(ct))!) return 0;
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{schema}\".items WHERE team = @team", db);
        count.Parameters.AddWithValue("team", team);
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    /// <summary>VACUUM ANALYZE of the schema's items (statistics and the visibility map, as autovacuum would leave them).</summary>
    public static async Task AnalyzeAsync(string connection, string schema, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(ct);
        await using var analyze = new NpgsqlCommand($"VACUUM ANALYZE \"{schema}\".items", db) { CommandTimeout = 0 };
        await analyze.ExecuteNonQueryAsync(ct);
    }

    /// <summary>One table row per step of the plan: how many queries it answered, their p50, p95 and max.</summary>
    public static IEnumerable<string> PerStep(IEnumerable<(string Step, double Ms)> answered) =>
        answered.GroupBy(a => a.Step).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var sorted = g.Select(a => a.Ms).Order().ToList();
            return string.Create(CultureInfo.InvariantCulture,
                $"|  | step: {g.Key} | {sorted.Count:N0} queries | p50 {Measure.Percentile(sorted, 50):0.00} ms | p95 {Measure.Percentile(sorted, 95):0.00} ms | max {sorted[^1]:0.00} ms | | | | |");
        });
}
