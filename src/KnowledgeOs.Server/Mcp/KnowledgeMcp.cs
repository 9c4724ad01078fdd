using KnowledgeOs.Hosting;
using KnowledgeOs.Server.Auth;
using KnowledgeOs.Storage;
using Microsoft.Extensions.DependencyInjection;

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
    /// <param name="subscriptions">True to offer <c>resources/subscribe</c>: only on transports whose sessions carry server messages (stdio).</param>
    public static IMcpServerBuilder AddKnowledgeMcp(this IServiceCollection services, bool subscriptions = false)
    {
        var builder = services.AddMcpServer(o => o.ServerInfo = new() { Name = ServerName, Version = typeof(KnowledgeMcp).Assembly.GetName().Version?.ToString() ?? "1.0" })
            .WithTools<KnowledgeTools>()
            .WithTools<LessonTool>()
            .WithResources<KnowledgeResources>()
            .WithPrompts<StartTaskPrompt>()
            .WithPrompts<RetrospectivePrompt>()
            .WithPortableArguments()
            .WithTeamResourceList();
        return subscriptions ? McpSubscriptions.Register(builder) : builder;
    }

    /// <summary>Adds the MCP server over Streamable HTTP (stateless: any server instance answers any request), the caller read from each request.</summary>
    public static IServiceCollection AddKnowledgeMcpOverHttp(this IServiceCollection services)
    {
        // The SDK logs every request at Information; per-request chatter costs throughput and says little (as for Microsoft.*).
        services.AddLogging(b => b.AddFilter("ModelContextProtocol", LogLevel.Warning));
        services.AddHttpContextAccessor();
        services.AddTransient(sp => McpCaller.From(sp.GetRequiredService<IHttpContextAccessor>().HttpContext));
        services.AddKnowledgeMcp().WithHttpTransport(o => o.Stateless = true);
        return services;
    }

    /// <summary>Maps <c>/mcp</c> behind the API-key rules: read scope to call it at all; <c>learn_from_report</c> checks write itself.</summary>
    public static IEndpointConventionBuilder MapKnowledgeMcp(this IEndpointRouteBuilder app) =>
        app.MapMcp(Path).RequireScope(ApiKeyScopes.Read).ExcludeFromDescription();
}
