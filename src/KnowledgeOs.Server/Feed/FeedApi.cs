using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using KnowledgeOs.Rendering;
using KnowledgeOs.Server.Auth;
using KnowledgeOs.Server.Http;
using KnowledgeOs.Server.Items;
using KnowledgeOs.Server.OpenApi;
using KnowledgeOs.Server.Problems;
using KnowledgeOs.Server.Telemetry;
using KnowledgeOs.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeOs.Server.Feed;

/// <summary>
/// The team's change feed: a JSON page to poll, and Server-Sent Events to follow live (docs/API.md). The SSE id is the
/// global position, so <c>Last-Event-ID</c> (or <c>?from=</c>) resumes exactly after the last event received.
/// </summary>
public static class FeedApi
{
    /// <summary>Maps the endpoints under a team group.</summary>
    public static IEndpointRouteBuilder MapFeed(this IEndpointRouteBuilder team)
    {
        var events = team.MapGroup("/events").WithTags("Change feed");
        events.MapGet("/", Page).WithName("ListEvents").WithSummary("List events").WithDescription("The team's (or one expert's) events, oldest first, paged (limit, cursor); `after=<position>` starts after a position instead. "
                + "At the end `next` is null but `cursor` stays: poll with it for what comes later.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        events.MapGet("/stream", Stream).WithName("StreamEvents").WithSummary("Stream events (SSE)")
            .WithDescription("Server-Sent Events: the team's (or one expert's) events from now on; `from=start` replays the log first, `from=<position>` (or `after`) "
                + "starts after a position, and `Last-Event-ID` (sent by EventSource on reconnect) resumes after the last event received. "
                + "Each message is unnamed (EventSource's `onmessage` gets it) with an event view as its data (see ListEvents), whose `type` names the event; "
                + "a `heartbeat` event with data `null` keeps an idle connection open. With `lang=ru|en` each event view also carries `what`, its summary worded in that "
                + "language (the dashboard's live list asks so); without it the views are the stored events' alone.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status429TooManyRequests);
        return team;
    }

    /// <summary>GET events.</summary>
    public static async Task<Ok<Page<EventView>>> Page(string team, long? after, int? limit, string? cursor, string? expert, IEventStore store,
        KosServerOptions options, HttpContext http, CancellationToken ct)
    {
        Queries.Slug(team, "team");
        if (expert is not null) Queries.Slug(expert, "expert");
        var page = Paging.Read("events", limit, cursor, options);
        if (cursor is not null && after is not null) throw InputException.Of("Give cursor or after, not both: the cursor already holds a position.", "after", ErrorCodes.ParametersExclusive, "cursor", "after");
        var (from, field) = cursor is null ? (after ?? 0, "after") : (page.AfterKey(0L), "cursor");
        if (from < 0) throw InputException.Of($"{field} must be 0 or more.", field, ErrorCodes.NumberNotBetween, field, "0", "");
        await RequireKnownAsync(store, from, field, ct);
        var items = new List<EventView>();
        var last = from;
        var more = false;
        await foreach (var e in store.ReadTeamAfterAsync(team, from, ct))
        {
            if (expert is not null && e.Stream.Expert != expert)
            {
                // Past a full page, a skipped event is not handed out: the next page starts after the last one that was.
                if (items.Count < page.Limit) last = e.Position;
                continue;
            }
            if (items.Count == page.Limit)
            {
                more = true;
                break;
            }
            last = e.Position;
            items.Add(EventView.Of(e));
        }
        return TypedResults.Ok(Paging.Respond(http, items, PageCursor.Encode(page.List, last.ToString(CultureInfo.InvariantCulture)), more));
    }

    /// <summary>GET the live stream.</summary>
    public static async Task<Results<ServerSentEventsResult<string>, ProblemHttpResult>> Stream(string team, long? after, string? from, string? expert, string? lang,
        IEventStore store, TeamFeeds feeds, FeedEventJson json, FeedStreams streams, KosServerOptions options, IHostApplicationLifetime lifetime, HttpContext http)
    {
        Queries.Slug(team, "team");
        if (expert is not null) Queries.Slug(expert, "expert");
        RenderLanguage? language = lang is null ? null : RenderOptions.ParseLanguage(lang, "lang");
        var (start, field) = await FeedStart.ResolveAsync(http.Request.Headers["Last-Event-ID"].ToString(), from, after, store, http.RequestAborted);
        await RequireKnownAsync(store, start, field, http.RequestAborted);
        var client = (http.Features.Get<Caller>() ?? Caller.Local).Client;
        if (streams.TryOpen(client, options.MaxFeedStreamsPerKey) is not { } slot)
        {
            http.Response.Headers.RetryAfter = "5";
            return ProblemWriter.Result(StatusCodes.Status429TooManyRequests, "Too many streams",
                $"This key already holds {options.MaxFeedStreamsPerKey} change-feed streams; close one or retry later.", null);
        }
        http.Response.RegisterForDispose(slot);
        http.Response.Headers.CacheControl = "no-cache";
        // Proxies such as nginx buffer responses unless told not to; a feed that arrives in lumps is no feed.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var ct = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        http.Response.RegisterForDispose(ct);
        return TypedResults.ServerSentEvents(FollowAsync(team, expert, language, start, feeds, json, options, ct.Token));
    }

    private static async IAsyncEnumerable<SseItem<string>> FollowAsync(string team, string? expert, RenderLanguage? language, long after, TeamFeeds feeds,
        FeedEventJson json, KosServerOptions options, [EnumeratorCancellation] CancellationToken ct)
    {
        KosTelemetry.FeedClients.Add(1);
        try
        {
            var quietSince = options.Time.GetTimestamp();
            // Nothing goes out until the first item: an up-to-date subscriber gets one at once, so it sees the
            // response (status, headers) now rather than at the first heartbeat.
            var sentAny = false;
            await foreach (var batch in feeds.FollowAsync(team, after, options.FeedHeartbeat, ct))
            {
                foreach (var e in batch.Events)
                {
                    if (expert is not null && e.Stream.Expert != expert) continue;
                    quietSince = options.Time.GetTimestamp();
                    sentAny = true;
                    // No event name: EventSource's onmessage gets every event; the data's "type" tells them apart.
                    yield return new SseItem<string>(json.Of(e, language)) { EventId = e.Position.ToString(CultureInfo.InvariantCulture) };
                }
                if (!batch.AtHead) continue;
                if (!sentAny || options.Time.GetElapsedTime(quietSince) >= options.FeedHeartbeat)
                {
                    sentAny = true;
                    quietSince = options.Time.GetTimestamp();
                    yield return new SseItem<string>(FeedEventJson.Heartbeat, "heartbeat");
                }
            }
        }
        finally
        {
            KosTelemetry.FeedClients.Add(-1);
        }
    }

    /// <summary>
    /// Refuses a position past the head: this log never handed it out (another database, a restore, a typo), and
    /// following it would silently skip every event up to there.
    /// </summary>
    private static async Task RequireKnownAsync(IEventStore store, long position, string field, CancellationToken ct)
    {
        if (position == 0) return;
        var head = await store.HeadPositionAsync(ct);
        if (position > head)
            throw InputException.Of($"Position {position} is past the newest event ({head}); resume from a position this feed sent.", field,
                ErrorCodes.PositionPastHead, field, position.ToString(CultureInfo.InvariantCulture), head.ToString(CultureInfo.InvariantCulture));
    }
}
