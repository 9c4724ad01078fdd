using KnowledgeOs.Storage;
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
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (stream, snapshot) in projections)
        {
            var key = stream.ToString();
            if (!given.Add(key)) throw new ArgumentException($"Stream {stream} is given twice.", nameof(projections));
            var actual = versions.GetValueOrDefault(key);
            if (actual != snapshot.Version) throw new WrongExpectedVersionException(stream, snapshot.Version, actual);
            if (snapshot.State.Slug != stream.Expert)
                throw new ArgumentException($"The snapshot given for {stream} is of expert '{snapshot.State.Slug}'.", nameof(projections));
        }
        foreach (var (key, version) in versions)
        {
            if (!given.Contains(key)) throw new WrongExpectedVersionException(StreamId.Parse(key), 0, version);
        }
        using (var clear = db.CreateCommand())
        {
            clear.CommandText = "DELETE FROM items; DELETE FROM experts;";
            clear.ExecuteNonQuery();
        }
        using var rows = new ProjectionRows(db);
        foreach (var (stream, snapshot) in projections) rows.WriteAll(stream, snapshot.State, snapshot.Version);
    }
}
