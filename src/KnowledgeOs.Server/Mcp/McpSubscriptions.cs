using System.Collections.Concurrent;
using KnowledgeOs.Server.Feed;
using KnowledgeOs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace KnowledgeOs.Server.Mcp;

/// <summary>
/// <c>resources/subscribe</c>: a session's subscribed addresses, and one watcher per session that follows its team's
/// change feed (<see cref="TeamFeeds"/>: the team's one shared reader, as the SSE streams do, so other teams' writes
/// cost it nothing and an idle session costs no read) and sends <c>notifications/resources/updated</c> when an event
/// touches a subscribed expert's knowledge base or program, or the team document. It follows the log, not this
/// process: a report learned by another process or server on the same store notifies too (at once on PostgreSQL,
/// at the feed's poll on SQLite). Needs a session that can carry server messages (stdio, or stateful HTTP).
/// </summary>
public sealed class McpSubscriptions(TeamFeeds feeds, Application.KnowledgeService knowledge, ILogger<McpSubscriptions> log) : IDisposable
{
    private readonly IEventStore _store = knowledge.Store;
    private readonly CancellationTokenSource _stopping = new();

    private readonly ConcurrentDictionary<McpServer, Watch> _watches = new();

    /// <summary>Registers the subscribe and unsubscribe handlers and the watcher.</summary>
    public static IMcpServerBuilder Register(IMcpServerBuilder builder)
    {
        builder.Services.AddSingleton<McpSubscriptions>();
        return builder
            .WithSubscribeToResourcesHandler(async (context, ct) =>
            {
                var services = context.Services ?? throw new InvalidOperationException("An MCP request without services.");
                var caller = services.GetRequiredService<McpCaller>();
                if (caller.Refusal is { } refusal) throw new ModelContextProtocol.McpProtocolException(refusal, ModelContextProtocol.McpErrorCode.InvalidParams);
                var uri = context.Params?.Uri ?? throw new ModelContextProtocol.McpProtocolException("uri is required.", ModelContextProtocol.McpErrorCode.InvalidParams);
                await services.GetRequiredService<McpSubscriptions>().SubscribeAsync(context.Server, caller.Team, uri, ct);
                return new EmptyResult();
            })
            .WithUnsubscribeFromResourcesHandler((context, ct) =>
            {
                var services = context.Services ?? throw new InvalidOperationException("An MCP request without services.");
                if (context.Params?.Uri is { } uri) services.GetRequiredService<McpSubscriptions>().Unsubscribe(context.Server, uri);
                return ValueTask.FromResult(new EmptyResult());
            });
    }

    /// <summary>Adds an address to the session's subscriptions; the first one starts the session's watcher at the log's end.</summary>
    public async Task SubscribeAsync(McpServer server, string team, string uri, CancellationToken ct)
    {
        var watch = _watches.GetOrAdd(server, _ => new Watch(team));
        lock (watch) watch.Uris.Add(uri);
        if (Interlocked.Exchange(ref watch.Started, 1) == 1) return;
        // Only what happens after the subscription counts: start at the current end of the log.
        watch.Position = await _store.HeadPositionAsync(ct);
        _ = Task.Run(() => FollowAsync(server, watch), CancellationToken.None);
    }

    /// <summary>Removes an address from the session's subscriptions.</summary>
    public void Unsubscribe(McpServer server, string uri)
    {
        if (_watches.TryGetValue(server, out var watch)) lock (watch) watch.Uris.Remove(uri);
    }

    /// <summary>The subscribed addresses an event of <paramref name="stream"/> changes (query strings such as <c>?lang=</c> ignored).</summary>
    public static IEnumerable<string> Touched(IEnumerable<string> subscribed, StreamId stream)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal)
        {
            KnowledgeResources.KnowledgeUri(stream.Team, stream.Expert),
            KnowledgeResources.ProgramUri(stream.Team, stream.Expert),
            KnowledgeResources.BacklogUri(stream.Team, stream.Expert),
            KnowledgeResources.TeamUri(stream.Team),
        };
        return subscribed.Where(u => changed.Contains(u.Split('?', 2)[0]));
    }

    private async Task FollowAsync(McpServer server, Watch watch)
    {
        try
        {
            await foreach (var batch in feeds.FollowAsync(watch.Team, watch.Position, Timeout.InfiniteTimeSpan, _stopping.Token))
            {
                if (batch.Events.Count == 0) continue;
                string[] uris;
                lock (watch) uris = [.. watch.Uris];
                var touched = new HashSet<string>(StringComparer.Ordinal);
                foreach (var e in batch.Events) touched.UnionWith(Touched(uris, e.Stream));
                foreach (var uri in touched.Order(StringComparer.Ordinal))
                    await server.SendNotificationAsync(NotificationMethods.ResourceUpdatedNotification, new ResourceUpdatedNotificationParams { Uri = uri }, cancellationToken: _stopping.Token);
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException or InvalidOperationException or IOException)
        {
            // The session ended (the client went away, or the host stopped): its watcher ends with it.
            log.LogDebug(ex, "An MCP subscription watcher ended.");
        }
        catch (Exception ex)
        {
            log.LogWarning(ex, "An MCP subscription watcher stopped: its team's change feed could not be read.");
        }
        finally
        {
            _watches.TryRemove(server, out _);
        }
    }

    /// <summary>Stops every watcher (the host is stopping).</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private sealed class Watch(string team)
    {
        public readonly string Team = team;
        public readonly HashSet<string> Uris = new(StringComparer.Ordinal);
        public long Position;
        public int Started;
    }
}
