using System.Globalization;
using KnowledgeOs.Application;
using KnowledgeOs.Postgres;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Server.Feed;
using KnowledgeOs.Server.Mcp;
using KnowledgeOs.Server.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KnowledgeOs.Cli.Commands;

/// <summary>
/// <c>kos mcp</c>: an MCP server over stdio on the configured store and team, for agents that start it as a
/// child process. Standard output carries only the protocol (so the command never writes to its console); every log
/// line goes to standard error. Resource subscriptions follow the team's change feed as <c>kos serve</c>'s do: woken at
/// once by this process's commits, on PostgreSQL by any process's (<c>NOTIFY</c>), on SQLite by a watch of the file
/// that looks at its change counter (<c>PRAGMA data_version</c>) when it is written, so an idle session does not wake.
/// The poll, <c>$KOS_FEED_POLL_MS</c> (500 ms), stays as the fallback where the file cannot be watched; while it is,
/// a safety net of at least 30 s.
/// </summary>
public sealed class McpCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<McpCommand.Settings>(console, time)
{
    /// <summary>Options: the common ones (<c>--data</c>, <c>--store</c>, <c>--connection</c>, <c>--team</c>).</summary>
    public sealed class Settings : KosSettings;

    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        var builder = Host.CreateEmptyApplicationBuilder(settings: null);
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(Time);
        // The session's writes (learn_from_report, record_lesson) pulse the signal that wakes the subscriptions.
        var signal = new ChangeSignal();
        var store = new FeedWakeUp(session.Store, signal);
        builder.Services.AddSingleton(signal);
        builder.Services.AddSingleton(new KnowledgeService(store, Time));
        builder.Services.AddSingleton(sp => TeamFeeds.On(settings.Location, store, signal, PollInterval(), Time, sp.GetRequiredService<ILogger<TeamFeeds>>()));
        if (session.Store is PostgresEventStore postgres)
        {
            // Given as an instance, so the host leaves its disposal to the session.
            builder.Services.AddSingleton(postgres);
            builder.Services.AddHostedService<CommitListener>();
        }
        builder.Services.AddRetrieval();
        builder.Services.AddSingleton(new McpCaller(session.Team, CanWrite: true));
        builder.Services.AddSingleton(session.ServingSearch);
        builder.Services.AddKnowledgeMcp(subscriptions: true).WithStdioServerTransport();
        using var host = builder.Build();
        // Returns when the client closes standard input (or Ctrl+C); the store is closed after the host by the session.
        await host.RunAsync(ct);
        return ExitCodes.Ok;
    }

    // The fallback poll for other processes' writes on SQLite: $KOS_FEED_POLL_MS, else kos serve's default.
    private static TimeSpan PollInterval() => EnvironmentDefault.Value("KOS_FEED_POLL_MS") is not { } ms ? new Server.KosServerOptions().FeedPollInterval
        : int.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? TimeSpan.FromMilliseconds(n)
        : throw InputException.Of($"KOS_FEED_POLL_MS '{ms}' is not a number of milliseconds above 0.", "KOS_FEED_POLL_MS",
            ErrorCodes.NumberNotBetween, "KOS_FEED_POLL_MS", "1", "");
}
