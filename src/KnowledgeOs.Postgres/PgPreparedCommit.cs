using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Postgres;

/// <summary>
/// A commit serialized up front, on the caller's thread: the single writer then only talks to the database, so the
/// log head is held for less time and the JSON work of concurrent callers runs in parallel.
/// </summary>
internal sealed record PgPreparedCommit(Commit Commit, IReadOnlyList<PgPreparedAppend> Appends)
{
    public static PgPreparedCommit From(Commit commit, int maxEvents)
    {
        CommitRules.Validate(commit, maxEvents);
        return new PgPreparedCommit(commit, commit.Streams.Select(PgPreparedAppend.From).ToList());
    }
}

/// <summary>
/// One stream's append as rows: event columns, the expert row, and the item rows the events touched.
/// <see cref="StateJson"/> is null when <see cref="SnapshotPolicy"/> keeps the stored snapshot.
/// </summary>
internal sealed record PgPreparedAppend(
    StreamAppend Append,
    string Stream,
    string[] Types,
    string[] Data,
    string? StateJson,
    PgItemRows Items,
    string[] RemovedItems)
{
    public static PgPreparedAppend From(StreamAppend append)
    {
        var stream = append.Stream.ToString();
        if (append.Events.Count == 0) return new PgPreparedAppend(append, stream, [], [], null, PgItemRows.Of([]), []);
        var (present, removed) = TouchedItems.Of(append);
        string[] types = [.. append.Events.Select(EventTypes.NameOf)];
        string[] data = [.. append.Events.Select(EventTypes.Serialize)];
        for (var i = 0; i < data.Length; i++) CommitRules.RefuseNul(append.Stream, types[i], data[i]);
        return new PgPreparedAppend(append, stream, types, data,
            SnapshotPolicy.Due(append.ExpectedVersion, append.ExpectedVersion + append.Events.Count) ? StoredState.Write(append.NewState) : null,
            PgItemRows.Of(present), [.. removed]);
    }
}

/// <summary>Item rows as column arrays, the shape <c>unnest</c> takes; the search terms are analyzed here, on the caller's thread.</summary>
internal sealed record PgItemRows(string[] Ids, string[] Sections, string[] Texts, string[] Statuses, string[] Sources, DateTime[] FirstAts, int[] Confirmations, string[] Terms)
{
    public int Count => Ids.Length;

    public static PgItemRows Of(IReadOnlyCollection<KnowledgeItem> items) => new(
        [.. items.Select(i => i.Id)], [.. items.Select(i => i.Section.Code())], [.. items.Select(i => i.Text)],
        [.. items.Select(i => i.Status)], [.. items.Select(i => i.Source)], [.. items.Select(i => i.FirstAt.UtcDateTime)],
        [.. items.Select(i => i.Confirmations.Count)], [.. items.Select(SearchTerms.Of)]);
}
