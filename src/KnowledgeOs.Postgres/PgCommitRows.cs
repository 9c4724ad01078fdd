using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;
using Npgsql;

namespace KnowledgeOs.Postgres;

/// <summary>The statements that write a checked commit (events, stream, projections, key) in one batch: the writer's SQL.</summary>
internal static class PgCommitRows
{
    private const string InsertEvents = """
        INSERT INTO events (position, stream, version, type, data, recorded_at)
        SELECT u.position, @stream, u.version, u.type, u.data::json, @at
        FROM unnest(@positions, @versions, @types, @data) AS u(position, version, type, data)
        """;

    private const string UpsertStream = """
        INSERT INTO streams (stream, team, expert, version, position) VALUES (@stream, @team, @expert, @version, @position)
        ON CONFLICT (stream) DO UPDATE SET version = excluded.version, position = excluded.position
        """;

    private const string SaveKey = """
        INSERT INTO idempotency (team, key, request_hash, last_position, event_count, recorded_at)
        VALUES (@team, @key, @hash, @position, @count, @at)
        """;


    /// <summary>Adds the statements that write a checked commit (events, stream, projections, key), handing out its positions.</summary>
    public static AppendResult Add(NpgsqlBatch write, PreparedCommit prepared, ref long next, DateTimeOffset recordedAt)
    {
        var commit = prepared.Commit;
        long last = 0;
        var count = 0;
        foreach (var append in prepared.Appends)
        {
            var n = append.Types.Length;
            if (n == 0) continue;
            var expected = append.Append.ExpectedVersion;
            var positions = new long[n];
            var numbers = new long[n];
            for (var j = 0; j < n; j++)
            {
                positions[j] = ++next;
                numbers[j] = expected + j + 1;
            }
            last = next;
            count += n;
            var version = expected + n;
            write.BatchCommands.Add(PgProjectionRows.Command(InsertEvents,
                ("stream", append.Stream), ("at", recordedAt), ("positions", positions), ("versions", numbers), ("types", append.Types), ("data", append.Data)));
            write.BatchCommands.Add(PgProjectionRows.Command(UpsertStream,
                ("stream", append.Stream), ("team", append.Append.Stream.Team), ("expert", append.Append.Stream.Expert), ("version", version), ("position", last)));
            PgProjectionRows.Write(write, append, version);
        }
        if (commit.IdempotencyKey is { } key && count > 0)
        {
            write.BatchCommands.Add(PgProjectionRows.Command(SaveKey,
                ("team", commit.Team), ("key", key), ("hash", commit.RequestHash ?? ""), ("position", last), ("count", count), ("at", recordedAt)));
        }
        return new AppendResult(false, last, count);
    }
}
