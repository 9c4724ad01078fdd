using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// Replaces every inline projection row (<c>kos rebuild</c>) inside the writer's transaction. A snapshot whose
/// version is not the stream's current one, or a stream left out, means the log moved since it was replayed:
/// the replacement is refused so that projections never fall behind the streams they describe.
/// </summary>
internal static class ProjectionRebuild
{
    public static void Replace(SqliteConnection db, IReadOnlyList<(StreamId Stream, Snapshot Snapshot)> projections)
    {
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        using (var streams = db.CreateCommand())
        {
            streams.CommandText = "SELECT stream, version FROM streams";
            using var reader = streams.ExecuteReader();
            while (reader.Read()) versions[reader.GetString(0)] = reader.GetInt64(1);
        }
        CommitRules.ValidateReplacement(versions, projections);
        using (var clear = db.CreateCommand())
        {
            clear.CommandText = "DELETE FROM items; DELETE FROM experts;";
            clear.ExecuteNonQuery();
        }
        SearchRows.Clear(db);
        using var rows = new SqliteRows(db);
        foreach (var (stream, snapshot) in projections)
            CommitRows.AddAll(rows, stream, snapshot.Version, snapshot.State);
    }
}
