using KnowledgeOs.Server.Auth;
using KnowledgeOs.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeOs.Server.Mcp;

/// <summary>The MCP server of KnowledgeOS: one tool list (route_task, context_pack, search_knowledge, get_knowledge, list_experts, learn_from_report) for <c>kos mcp</c> (stdio) and <c>/mcp</c> on the HTTP server.</summary>
public static class KnowledgeMcp
{
    /// <summary>The path of the MCP endpoint on the HTTP server.</summary>
    public const string Path = "/mcp";

    /// <summary>The server's name in the MCP handshake.</summary>
    public const string ServerName = "knowledgeos";

    /// <summary>Adds the MCP server with KnowledgeOS's tools; the caller adds a transport.</summary>
    public static IMcpServerBuilder AddKnowledgeMcp(this IServiceCollection services) =>
        services.AddMcpServer(o => o.ServerInfo = new() { Name = ServerName, Version = typeof(KnowledgeMcp).Assembly.GetName().Version?.ToString() ?? "1.0" })
            .WithTools<KnowledgeTools>()
            .WithPortableArguments();

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
