using KnowledgeOs.Hosting;
using KnowledgeOs.Server.Auth;
using KnowledgeOs.Storage;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.AspNetCore;

namespace KnowledgeOs.Server.Mcp;

/// <summary>The MCP server of KnowledgeOS: one set of tools (route_task, context_pack, search_knowledge, get_knowledge, list_experts, learn_from_report, record_lesson), resources (knowledge bases, programs, the team document) and prompts (start_task, retrospective) for <c>kos mcp</c> (stdio) and <c>/mcp</c> on the HTTP server.</summary>
public static class KnowledgeMcp
{
    /// <summary>The path of the MCP endpoint on the HTTP server.</summary>
    public const string Path = "/mcp";

    /// <summary>The server's name in the MCP handshake.</summary>
    public const string ServerName = "knowledgeos";

    /// <summary>Adds the MCP server with KnowledgeOS's tools, resources and prompts; the caller adds a transport.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="subscriptions">True to offer <c>resources/subscribe</c>: only on transports whose sessions carry server messages (stdio, stateful HTTP).</param>
    public static IMcpServerBuilder AddKnowledgeMcp(this IServiceCollection services, bool subscriptions = false)
    {
        var builder = services.AddMcpServer(o => o.ServerInfo = new() { Name = ServerName, Version = typeof(KnowledgeMcp).Assembly.GetName().Version?.ToString() ?? "1.0" })
            .WithTools<KnowledgeTools>()
            .WithTools<LessonTool>()
            .WithTools<OpenWorkTools>()
            .WithResources<KnowledgeResources>()
            .WithPrompts<StartTaskPrompt>()
            .WithPrompts<RetrospectivePrompt>()
            .WithPortableArguments()
            .WithTeamResourceList();
        return subscriptions ? McpSubscriptions.Register(builder) : builder;
    }

    /// <summary>
    /// Adds the MCP server over Streamable HTTP, the caller read from each request. A client that starts with
    /// <c>initialize</c> (2025-11-25 and earlier) gets a session, whose GET stream carries the
    /// <c>notifications/resources/updated</c> of its subscriptions; any instance still answers any of its requests
    /// (<see cref="AnyInstanceSessions"/>). A 2026-07-28 client is served per request, with no session.
    /// </summary>
    public static IServiceCollection AddKnowledgeMcpOverHttp(this IServiceCollection services)
    {
        // The SDK logs every request at Information; per-request chatter costs throughput and says little (as for Microsoft.*).
        services.AddLogging(b => b.AddFilter("ModelContextProtocol", LogLevel.Warning));
        services.AddHttpContextAccessor();
        services.AddTransient(sp => McpCaller.From(sp.GetRequiredService<IHttpContextAccessor>().HttpContext));
        services.AddKnowledgeMcp(subscriptions: true).WithHttpTransport(o =>
        {
            o.SessionMode = HttpServerSessionMode.StatefulForInitializeClients;
            // MCP9006: sessions are the SDK's back-compat path for 2025-11-25 clients, which is exactly whose
            // resources/subscribe this serves (2026-07-28 replaced it by subscriptions/listen).
#pragma warning disable MCP9006
            o.SessionMigrationHandler = new AnyInstanceSessions();
#pragma warning restore MCP9006
        });
        return services;
    }

    /// <summary>Maps <c>/mcp</c> behind the API-key rules: read scope to call it at all; <c>learn_from_report</c> checks write itself.</summary>
    public static IEndpointConventionBuilder MapKnowledgeMcp(this IEndpointRouteBuilder app) =>
        app.MapMcp(Path).RequireScope(ApiKeyScopes.Read).ExcludeFromDescription();
}
