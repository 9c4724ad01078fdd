using System.Globalization;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Server.Feed;

/// <summary>
/// Where a new SSE connection starts: after <c>Last-Event-ID</c> (a reconnect), else where <c>?from=</c> (or the older
/// <c>?after=</c>) says (<c>start</c>, <c>now</c> or a position), else at the head: a new subscriber gets what happens
/// from now on, not the team's whole history.
/// </summary>
public static class FeedStart
{
    /// <summary>The position to follow after, and the parameter that gave it (for the error if it is past the head).</summary>
    /// <exception cref="InputException">A value that is not a position, naming its header or parameter.</exception>
    public static async Task<(long After, string Field)> ResolveAsync(string lastEventId, string? from, long? after, IEventStore store, CancellationToken ct)
    {
        if (lastEventId.Length > 0)
            return (Position(lastEventId, "Last-Event-ID", $"Last-Event-ID '{lastEventId}' is not an event position."), "Last-Event-ID");
        if (from is not null && after is not null) throw InputException.Of("Give from or after, not both (after=N is from=N).", "from", ErrorCodes.ParametersExclusive, "from", "after");
        if (after is { } a) return (a >= 0 ? a : throw InputException.Of("after must be 0 or more.", "after", ErrorCodes.NumberNotBetween, "after", "0", ""), "after");
        return from switch
        {
            null or "now" => (await store.HeadPositionAsync(ct), "from"),
            "start" => (0, "from"),
            _ => (Position(from, "from", $"from '{from}' is not start, now or an event position (0 or more)."), "from"),
        };
    }

    private static long Position(string value, string field, string message) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var position) ? position : throw InputException.Of(message, field, ErrorCodes.PositionInvalid, field, value);
}
