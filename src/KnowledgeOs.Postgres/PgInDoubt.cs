using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;
using Npgsql;

namespace KnowledgeOs.Postgres;

/// <summary>What the writer asks the database when it cannot tell from its own checks: did a commit land, which stream moved.</summary>
internal static class PgInDoubt
{
    /// <summary>
    /// Whether a keyless commit is already stored: every stream holds exactly its events (same types and payloads,
    /// which carry their own times) at the versions it expected to write. Then the earlier attempt committed.
    /// </summary>
    public static async Task<AppendResult?> LandedAsync(NpgsqlConnection db, PreparedCommit prepared, CancellationToken ct)
    {
        long last = 0;
        var count = 0;
        foreach (var append in prepared.Appends)
        {
            var n = append.Types.Length;
            if (n == 0) continue;
            var from = append.Append.ExpectedVersion;
            await using var command = new NpgsqlCommand(
                "SELECT position, type, data::text FROM events WHERE stream = @stream AND version > @from AND version <= @to ORDER BY version", db);
            command.Parameters.AddWithValue("stream", append.Stream);
            command.Parameters.AddWithValue("from", from);
            command.Parameters.AddWithValue("to", from + n);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var j = 0;
            while (await reader.ReadAsync(ct))
            {
                if (reader.GetString(1) != append.Types[j] || reader.GetString(2) != append.Data[j]) return null;
                last = Math.Max(last, reader.GetInt64(0));
                j++;
            }
            if (j != n) return null;
            count += n;
        }
        return count > 0 ? new AppendResult(false, last, count) : null;
    }

    /// <summary>A unique violation turned into the version conflict it stands for.</summary>
    public static async Task<Exception> ConflictAsync(NpgsqlConnection db, Commit commit, Exception ex, CancellationToken ct)
    {
        foreach (var append in commit.Streams)
        {
            await using var command = new NpgsqlCommand(CommitSql.StreamVersion.Sql, db);
            command.Parameters.AddWithValue("stream", append.Stream.ToString());
            var actual = await command.ExecuteScalarAsync(ct) is long v ? v : 0;
            if (actual != append.ExpectedVersion) return new WrongExpectedVersionException(append.Stream, append.ExpectedVersion, actual);
        }
        return new ConflictException($"Another writer stored the same events or key at once: {ex.Message}", ex).WithCode(ErrorCodes.WriteRaced);
    }
}
