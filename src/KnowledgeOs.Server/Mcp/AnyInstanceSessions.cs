using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;

namespace KnowledgeOs.Server.Mcp;

/// <summary>
/// Lets any server instance answer a request of an MCP session another instance (or an earlier run) started: every
/// request carries its own caller (key or <c>?team=</c>) and everything else lives in the store, so a session holds
/// nothing worth losing but the client's name (a taken-over session calls it <c>unknown</c>, as stateless requests do)
/// and its <c>resources/subscribe</c> watcher, which notifies through the instance its GET stream is on.
/// </summary>
public sealed class AnyInstanceSessions : ISessionMigrationHandler
{
    /// <inheritdoc />
    public ValueTask OnSessionInitializedAsync(HttpContext context, string sessionId, InitializeRequestParams initializeParams, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask<InitializeRequestParams?> AllowSessionMigrationAsync(HttpContext context, string sessionId, CancellationToken cancellationToken)
    {
        // The endpoint's key rules already ran; the protocol version the client negotiated comes on every request.
        var version = context.Request.Headers["MCP-Protocol-Version"].ToString();
        return ValueTask.FromResult<InitializeRequestParams?>(new InitializeRequestParams
        {
            ProtocolVersion = string.IsNullOrEmpty(version) ? "2025-11-25" : version,
            Capabilities = new ClientCapabilities(),
            ClientInfo = new Implementation { Name = "unknown", Version = "0" },
        });
    }
}
