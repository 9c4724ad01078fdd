using KnowledgeOs.Retrieval;
using KnowledgeOs.Server.Mcp;
using KnowledgeOs.Server.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KnowledgeOs.Cli.Commands;

/// <summary>
/// <c>kos mcp</c>: an MCP server over stdio on the configured store and team, for agents that start it as a
/// child process. Standard output carries only the protocol (so the command never writes to its console); every log
/// line goes to standard error.
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
        builder.Services.AddSingleton(session.Service);
        builder.Services.AddRetrieval();
        builder.Services.AddSingleton(new McpCaller(session.Team, CanWrite: true));
        builder.Services.AddSingleton(session.ServingSearch);
        builder.Services.AddKnowledgeMcp(subscriptions: true).WithStdioServerTransport();
        using var host = builder.Build();
        // Returns when the client closes standard input (or Ctrl+C); the store is closed after the host by the session.
        await host.RunAsync(ct);
        return ExitCodes.Ok;
    }
}
