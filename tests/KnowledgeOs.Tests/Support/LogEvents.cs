using KnowledgeOs.Storage;

namespace KnowledgeOs.Tests.Support;

/// <summary>The events a store holds, as tests count them (the store contract has no count: issue #16).</summary>
public static class LogEvents
{
    /// <summary>
    /// Counts the log's events by reading it whole: what a test means by "events stored". Never the head position, which
    /// is where the log ends, not how much it holds.
    /// </summary>
    public static async Task<long> CountEventsAsync(this IEventStore store, CancellationToken ct) => await store.ReadAllAsync(0, ct).CountAsync(ct);
}
