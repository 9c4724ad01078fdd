using ModelContextProtocol.Client;

namespace KnowledgeOs.Tests.Support;

/// <summary><c>kos mcp</c> on a store, as an agent starts it: a real child process on stdio, through the SDK's client.</summary>
public static class KosMcp
{
    /// <summary>Starts <c>kos mcp --data <paramref name="db"/></c> (with <paramref name="environment"/> set) and connects a client to it.</summary>
    public static Task<McpClient> StartAsync(string db, McpClientOptions? options = null, IDictionary<string, string?>? environment = null) =>
        StartAsync(["--data", db], options, environment);

    /// <summary>Starts <c>kos mcp</c> with <paramref name="storeArguments"/> (<c>--store postgres --connection …</c>) and connects a client to it.</summary>
    public static Task<McpClient> StartAsync(IReadOnlyList<string> storeArguments, McpClientOptions? options, IDictionary<string, string?>? environment) =>
        McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "kos",
            Command = "dotnet",
            Arguments = ["exec", KosProcess.Dll, "mcp", .. storeArguments],
            EnvironmentVariables = environment,
            ShutdownTimeout = TimeSpan.FromSeconds(10),
        }), options);
}
