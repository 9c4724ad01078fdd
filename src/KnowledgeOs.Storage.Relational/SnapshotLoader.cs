using System.Data.Common;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;

namespace KnowledgeOs.Storage.Relational;

/// <summary>What a database names in the snapshot reads; the rest of the SQL is one text for every database.</summary>
/// <param name="Data">The events' <c>data</c> column as JSON text (<c>e.data</c>, <c>e.data::text</c>).</param>
/// <param name="Begin">Statement opening the read's one moment of the log in the same command, or null when the caller passes a transaction.</param>
/// <param name="Commit">Statement closing it, or null with <paramref name="Begin"/>.</param>
public sealed record SnapshotDialect(string Data, string? Begin, string? Commit);

/// <summary>
/// Experts' states as the event stores load them: each stored snapshot (<c>experts.state_json</c> as of
/// <c>state_version</c>, see <see cref="SnapshotPolicy"/>) plus its stream's events after it up to the row's version,
/// folded. Two queries in one command — the expert rows, then every tail event of them in one join, never a query
/// per expert — read in one moment of the log (the caller's transaction, or the dialect's statements around them),
/// so an append committing in between can neither add a tail event the row does not count nor move a snapshot past
/// the events read.
/// </summary>
public static class SnapshotLoader
{
    private const string Experts = "SELECT team, slug, state_json, state_version, version FROM experts";

    /// <summary>One expert's state, or null when the stream has no row.</summary>
    public static async Task<Snapshot?> LoadAsync(DbConnection db, DbTransaction? tx, SnapshotDialect dialect, StreamId stream, CancellationToken ct)
    {
        var list = await ReadAsync(db, tx, dialect,
            $"{Experts} WHERE team = @team AND slug = @slug",
            $"""
            SELECT e.stream, e.type, {dialect.Data}
            FROM experts x JOIN events e ON e.stream = @stream AND e.version > x.state_version AND e.version <= x.version
            WHERE x.team = @team AND x.slug = @slug
            ORDER BY e.version
            """,
            [("team", stream.Team), ("slug", stream.Expert), ("stream", stream.ToString())], ct);
        return list.Count > 0 ? list[0] : null;
    }

    /// <summary>Every expert of a team, by slug.</summary>
    public static Task<IReadOnlyList<Snapshot>> ListAsync(DbConnection db, DbTransaction? tx, SnapshotDialect dialect, string team, CancellationToken ct) =>
        ReadAsync(db, tx, dialect,
            $"{Experts} WHERE team = @team ORDER BY slug",
            $"""
            SELECT e.stream, e.type, {dialect.Data}
            FROM experts x JOIN events e ON e.stream = x.team || '/' || x.slug AND e.version > x.state_version AND e.version <= x.version
            WHERE x.team = @team AND x.state_version < x.version
            ORDER BY e.stream, e.version
            """,
            [("team", team)], ct);

    private static async Task<IReadOnlyList<Snapshot>> ReadAsync(DbConnection db, DbTransaction? tx, SnapshotDialect dialect,
        string experts, string tails, (string Name, object? Value)[] parameters, CancellationToken ct)
    {
        await using var command = DbCommands.Create(db, dialect.Begin is null
            ? $"{experts};\n{tails}"
            : $"{dialect.Begin};\n{experts};\n{tails};\n{dialect.Commit}", parameters);
        command.Transaction = tx;
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<(string Stream, string Json, long StateVersion, long Version)>();
        while (await reader.ReadAsync(ct))
            rows.Add((new StreamId(reader.GetString(0), reader.GetString(1)).ToString(), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4)));
        await reader.NextResultAsync(ct);
        var after = new Dictionary<string, List<KnowledgeEvent>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            var stream = reader.GetString(0);
            if (!after.TryGetValue(stream, out var events)) after[stream] = events = [];
            events.Add(EventTypes.Deserialize(reader.GetString(1), reader.GetString(2)));
        }
        // The dialect's closing statement runs as the reader moves past the last result.
        while (await reader.NextResultAsync(ct)) { }
        var list = new List<Snapshot>(rows.Count);
        foreach (var (stream, json, stateVersion, version) in rows)
        {
            var state = StoredState.Read(json);
            if (stateVersion < version && after.TryGetValue(stream, out var events))
            {
                foreach (var e in events) state = ExpertState.Evolve(state, e);
            }
            list.Add(new Snapshot(state, version));
        }
        return list;
    }
}
