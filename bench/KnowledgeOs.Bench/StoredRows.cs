using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Bench;

/// <summary>
/// The rows a store file holds, to compare what learning writes with the raw insert ceiling in the same unit: every
/// ordinary table's rows (events, streams, items, idempotency keys, term counts…) and each full-text table's documents,
/// not the full-text index's own shadow tables (their rows are SQLite's pages of the index, not rows the store inserts).
/// </summary>
public static class StoredRows
{
    /// <summary>Rows by table, read through a connection of its own (the store may stay open; WAL readers see its commits).</summary>
    public static IReadOnlyDictionary<string, long> Count(string path)
    {
        using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        db.Open();
        var tables = new List<(string Name, bool Virtual)>();
        using (var list = db.CreateCommand())
        {
            list.CommandText = "SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read()) tables.Add((reader.GetString(0), reader.GetString(1).StartsWith("CREATE VIRTUAL", StringComparison.OrdinalIgnoreCase)));
        }
        var shadowOf = tables.Where(t => t.Virtual).Select(t => t.Name + "_").ToArray();
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, _) in tables.Where(t => !shadowOf.Any(prefix => t.Name.StartsWith(prefix, StringComparison.Ordinal))))
        {
            using var count = db.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            counts[name] = (long)count.ExecuteScalar()!;
        }
        return counts;
    }

    /// <summary>Rows added per table between two counts, largest first.</summary>
    public static IEnumerable<(string Table, long Added)> Added(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        after.Select(p => (p.Key, p.Value - before.GetValueOrDefault(p.Key))).Where(p => p.Item2 != 0).OrderByDescending(p => p.Item2);
}
