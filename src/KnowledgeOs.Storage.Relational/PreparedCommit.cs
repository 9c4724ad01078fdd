using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Storage.Relational;

/// <summary>
/// A commit with everything serialized up front, on the caller's thread, the same for every database: the single
/// writer then only runs SQL, so its lock is held for less time and the CPU work of concurrent callers runs in parallel.
/// </summary>
/// <param name="Commit">The commit as the caller gave it.</param>
/// <param name="Appends">Its appends as rows.</param>
public sealed record PreparedCommit(Commit Commit, IReadOnlyList<PreparedAppend> Appends)
{
    /// <summary>Validates a commit (see <see cref="CommitRules"/>) and serializes it.</summary>
    public static PreparedCommit From(Commit commit, int maxEvents)
    {
        CommitRules.Validate(commit, maxEvents);
        return new PreparedCommit(commit, commit.Streams.Select(PreparedAppend.From).ToList());
    }
}

/// <summary>One stream's append as rows: event columns, the expert's state and the item rows the events touched.</summary>
/// <param name="Append">The append.</param>
/// <param name="Stream">The stream's stored name.</param>
/// <param name="Types">Stored event type names.</param>
/// <param name="Data">Event payloads (JSON).</param>
/// <param name="StateJson">The state snapshot to store, or null when <see cref="SnapshotPolicy"/> keeps the stored one.</param>
/// <param name="Items">The item rows the events touched that still exist.</param>
/// <param name="RemovedItems">Ids of the items the events removed.</param>
public sealed record PreparedAppend(StreamAppend Append, string Stream, string[] Types, string[] Data, string? StateJson, ItemRows Items, string[] RemovedItems)
{
    /// <summary>Serializes one append; a NUL in any text is refused here, before the database sees it.</summary>
    public static PreparedAppend From(StreamAppend append)
    {
        var stream = append.Stream.ToString();
        if (append.Events.Count == 0) return new PreparedAppend(append, stream, [], [], null, ItemRows.Of([]), []);
        var (present, removed) = TouchedItems.Of(append);
        string[] types = [.. append.Events.Select(EventTypes.NameOf)];
        string[] data = [.. append.Events.Select(EventTypes.Serialize)];
        for (var i = 0; i < data.Length; i++) CommitRules.RefuseNul(append.Stream, types[i], data[i]);
        return new PreparedAppend(append, stream, types, data,
            SnapshotPolicy.Due(append.ExpectedVersion, append.ExpectedVersion + append.Events.Count, append.NewState) ? StoredState.Write(append.NewState) : null,
            ItemRows.Of(present), [.. removed]);
    }
}

/// <summary>Item rows as column arrays (the shape PostgreSQL's <c>unnest</c> takes); the search terms are analyzed here, on the caller's thread.</summary>
/// <param name="Ids">Item ids.</param>
/// <param name="Sections">Section codes.</param>
/// <param name="Texts">Texts.</param>
/// <param name="Statuses">Statuses.</param>
/// <param name="Sources">First sources.</param>
/// <param name="FirstAts">First recorded times, UTC.</param>
/// <param name="Confirmations">Confirmation counts.</param>
/// <param name="Terms">Analyzed search terms.</param>
public sealed record ItemRows(string[] Ids, string[] Sections, string[] Texts, string[] Statuses, string[] Sources, DateTime[] FirstAts, int[] Confirmations, string[] Terms)
{
    /// <summary>Rows held.</summary>
    public int Count => Ids.Length;

    /// <summary>The rows of the given items, in one pass (no enumerator and iterator per column: this runs for every write).</summary>
    public static ItemRows Of(IReadOnlyCollection<KnowledgeItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var n = items.Count;
        var rows = new ItemRows(new string[n], new string[n], new string[n], new string[n], new string[n], new DateTime[n], new int[n], new string[n]);
        var i = 0;
        foreach (var item in items)
        {
            (rows.Ids[i], rows.Sections[i], rows.Texts[i], rows.Statuses[i]) = (item.Id, item.Section.Code(), item.Text, item.Status.Code());
            (rows.Sources[i], rows.FirstAts[i], rows.Confirmations[i], rows.Terms[i]) = (item.Source, item.FirstAt.UtcDateTime, item.Confirmations.Count, SearchTerms.Of(item));
            i++;
        }
        return rows;
    }
}
