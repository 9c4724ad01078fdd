using KnowledgeOs.Events;
using KnowledgeOs.Experts;

namespace KnowledgeOs.Storage.Relational;

/// <summary>What a checked commit writes, the same on every database: events, stream row, projections (expert and item rows with their search rows), key.</summary>
public static class CommitRows
{
    /// <summary>Adds a checked commit's writes; events take their versions after each stream's expected one.</summary>
    public static AppendResult Add(RowWriter rows, PreparedCommit prepared, LogPositions positions, DateTimeOffset recordedAt)
    {
        var commit = prepared.Commit;
        long last = 0;
        var count = 0;
        foreach (var append in prepared.Appends)
        {
            var n = append.Types.Length;
            if (n == 0) continue;
            var version = append.Append.ExpectedVersion + n;
            last = rows.AddEvents(append, positions, recordedAt);
            count += n;
            var stream = append.Append.Stream;
            rows.Add(CommitSql.UpsertStream, append.Stream, stream.Team, stream.Expert, version, last);
            Projection(rows, stream, version, append.Append.NewState, append.StateJson, append.Items, append.RemovedItems);
        }
        if (count > 0)
        {
            foreach (var (key, _) in CommitChecks.Keys(commit))
                rows.Add(CommitSql.SaveKey, commit.Team, key.Key, key.RequestHash, last, count, recordedAt);
        }
        return new AppendResult(false, last, count);
    }

    /// <summary>Adds an expert's whole projection (rebuild, restore): the snapshot and every item.</summary>
    public static void AddAll(RowWriter rows, StreamId stream, long version, ExpertState state) =>
        Projection(rows, stream, version, state, StoredState.Write(state), ItemRows.Of(state.Items.Values.ToList()), []);

    /// <summary>Adds an expert's row (keeping the stored snapshot when <paramref name="stateJson"/> is null) and the given item rows.</summary>
    private static void Projection(RowWriter rows, StreamId stream, long version, ExpertState state, string? stateJson, ItemRows items, IReadOnlyList<string> removed)
    {
        rows.AddExpert(stream, version, state, stateJson);
        rows.AddItems(stream, items, removed);
    }
}
