using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// A commit with everything serialized up front, on the caller's thread: the single writer then only runs
/// SQL, so the write lock is held for less time and the CPU work of concurrent callers runs in parallel.
/// </summary>
internal sealed record PreparedCommit(Commit Commit, IReadOnlyList<PreparedAppend> Appends)
{
    public static PreparedCommit From(Commit commit, int maxEvents)
    {
        CommitRules.Validate(commit, maxEvents);
        return new PreparedCommit(commit, commit.Streams.Select(PreparedAppend.From).ToList());
    }
}

/// <summary>One stream's append, serialized: event rows, the expert row and the item rows the events touched.</summary>
internal sealed record PreparedAppend(
    StreamAppend Append,
    string Stream,
    IReadOnlyList<(string Type, string Data)> Events,
    ExpertRow? Expert,
    IReadOnlyList<ItemRow> Items,
    IReadOnlyList<string> RemovedItems)
{
    public static PreparedAppend From(StreamAppend append)
    {
        var stream = append.Stream.ToString();
        if (append.Events.Count == 0) return new PreparedAppend(append, stream, [], null, [], []);
        var events = append.Events.Select(e => (EventTypes.NameOf(e), EventTypes.Serialize(e))).ToList();
        foreach (var (type, data) in events) CommitRules.RefuseNul(append.Stream, type, data);
        var (present, removed) = TouchedItems.Of(append);
        var items = present.Select(ItemRow.From).ToList();
        var expert = SnapshotPolicy.Due(append.ExpectedVersion, append.ExpectedVersion + events.Count)
            ? ExpertRow.From(append.NewState)
            : ExpertRow.WithoutState(append.NewState);
        return new PreparedAppend(append, stream, events, expert, items, removed);
    }
}

/// <summary>The <c>experts</c> row of a state; <see cref="StateJson"/> is null when the stored snapshot is kept.</summary>
internal sealed record ExpertRow(string DisplayName, string Role, string Status, string? StateJson)
{
    public static ExpertRow From(ExpertState state) => new(state.DisplayName, state.Role, state.Status, StoredState.Write(state));

    public static ExpertRow WithoutState(ExpertState state) => new(state.DisplayName, state.Role, state.Status, null);
}

/// <summary>An <c>items</c> row, with the item's search terms (analyzed here, on the caller's thread, not by the writer).</summary>
internal sealed record ItemRow(string Id, string Section, string Text, string Status, string Source, string FirstAt, int Confirmations, string Terms)
{
    public static ItemRow From(KnowledgeItem item) =>
        new(item.Id, item.Section.Code(), item.Text, item.Status, item.Source, RecordedAt.Write(item.FirstAt), item.Confirmations.Count,
            SearchTerms.Of(item));
}
