using System.Collections.Concurrent;
using System.Net.Http.Headers;
using KnowledgeOs.Server.Mcp;
using KnowledgeOs.Tests.Api;
using ModelContextProtocol.Client;

namespace KnowledgeOs.Tests.Mcp;

/// <summary><c>resources/subscribe</c> over <c>/mcp</c> of a real server on loopback: the session's GET stream carries the notices.</summary>
public sealed class McpHttpSubscriptionTests
{
    internal static Task<McpClient> ConnectAsync(ApiServer server, string team) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(server.Address, "mcp?team=" + team), TransportMode = HttpTransportMode.StreamableHttp }),
            new McpClientOptions { ProtocolVersion = "2025-11-25" });

    [Fact]
    public async Task A_report_posted_through_the_api_notifies_the_subscribed_expert_and_no_other()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        await server.Client.OnboardAsync("demo", "mariya");
        await using var client = await ConnectAsync(server, "demo");
        Assert.True(client.ServerCapabilities.Resources?.Subscribe);

        var igor = KnowledgeResources.KnowledgeUri("demo", "igor");
        var mariya = KnowledgeResources.KnowledgeUri("demo", "mariya");
        var notices = new ConcurrentQueue<string>();
        var igorNotified = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var mariyaNotified = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        foreach (var (uri, notified) in new[] { (igor, igorNotified), (mariya, mariyaNotified) })
            await client.SubscribeToResourceAsync(uri, (n, _) =>
            {
                notices.Enqueue(n.Uri);
                notified.TrySetResult();
                return ValueTask.CompletedTask;
            });

        // Another client writes through the REST API.
        await server.NewClient().LearnAsync("demo", Http.Report("HTTP-SUB-1", "igor", "Outbox rows are deleted only after the broker acknowledges"));
        await igorNotified.Task.WaitAsync(TimeSpan.FromMinutes(1));
        // The watcher reads the log in order: mariya's notice, if igor's report had caused one, would come before hers.
        await server.NewClient().LearnAsync("demo", Http.Report("HTTP-SUB-2", "mariya", "Velocity limits are checked per card"));
        await mariyaNotified.Task.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal([igor, mariya], notices);
        var read = await client.ReadResourceAsync(igor);
        Assert.Contains("Outbox rows are deleted only after the broker acknowledges", ((ModelContextProtocol.Protocol.TextResourceContents)read.Contents[0]).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_instance_answers_a_request_of_a_session_the_first_one_started()
    {
        await using var first = await ApiServer.StartAsync();
        await using var second = await ApiServer.StartAsync(ApiServer.Options(first.DataPath));
        await first.Client.OnboardAsync("demo", "igor");
        await using var client = await ConnectAsync(first, "demo");
        Assert.False(string.IsNullOrEmpty(client.SessionId));

        using var request = new HttpRequestMessage(HttpMethod.Post, "mcp?team=demo")
        {
            Content = Http.Json("""{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"list_experts","arguments":{}}}"""),
        };
        request.Headers.Add("Mcp-Session-Id", client.SessionId);
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await second.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Contains("\"result\"", body, StringComparison.Ordinal);
        Assert.Contains("igor", body, StringComparison.Ordinal);
    }
}
