using System.Diagnostics;
using System.Text.Json;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Api;

/// <summary>
/// The change feed read by the <c>eventsource</c> npm package (the WHATWG EventSource for node, pinned in
/// <c>.ci/clients</c>) with nothing but <c>onmessage</c>, as a browser client would.
/// </summary>
public sealed class FeedEventSourceTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// Prints "open" when the connection opens, then one JSON line per message received by <c>onmessage</c>
    /// (its lastEventId, its event name, and the type in its data), and exits after COUNT of them.
    /// </summary>
    private const string Script = """
        const [, , module, url, count] = process.argv;
        const { EventSource } = await import(module);
        const source = new EventSource(url);
        let seen = 0;
        source.onopen = () => console.log("open");
        source.onmessage = (message) => {
          const view = JSON.parse(message.data);
          console.log(JSON.stringify({ id: message.lastEventId, name: message.type, type: view.type, position: view.position }));
          if (++seen === Number(count)) { source.close(); process.exit(0); }
        };
        source.onerror = (error) => console.log(JSON.stringify({ error: String(error.message ?? error) }));
        setTimeout(() => { console.log("timeout"); process.exit(1); }, 60000);
        """;

    [SkippableFact]
    public async Task Onmessage_gets_every_event_of_a_replay_with_its_type_in_the_data()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.LearnAsync("demo", Http.Report("T-1", "igor", "Retries need a budget"), onboard: true);
        var page = (await server.Client.GetJsonAsync("api/v1/teams/demo/events")).GetProperty("items").EnumerateArray()
            .Select(e => (Id: e.GetProperty("position").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), Type: e.GetProperty("type").GetString()))
            .ToList();

        await using var node = await NodeAsync(new Uri(server.Address, "api/v1/teams/demo/events/stream?from=start"), page.Count);
        Assert.Equal("open", await node.LineAsync());
        var messages = new List<JsonElement>();
        for (var i = 0; i < page.Count; i++) messages.Add(JsonDocument.Parse(await node.LineAsync()).RootElement);

        Assert.Equal(page, messages.Select(m => (m.GetProperty("id").GetString()!, m.GetProperty("type").GetString())));
        Assert.All(messages, m => Assert.Equal("message", m.GetProperty("name").GetString()));
        Assert.Contains(page, e => e.Type == "v1.TaskCompleted");
    }

    [SkippableFact]
    public async Task A_new_EventSource_gets_what_happens_after_it_connected_and_not_the_history()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.LearnAsync("demo", Http.Report("T-1", "igor", "Old fact"), onboard: true);
        var head = await server.Client.HeadPositionAsync("demo");

        await using var node = await NodeAsync(new Uri(server.Address, "api/v1/teams/demo/events/stream"), 1);
        Assert.Equal("open", await node.LineAsync());
        await server.Client.LearnAsync("demo", Http.Report("T-2", "igor", "New fact"));
        var first = JsonDocument.Parse(await node.LineAsync()).RootElement;
        Assert.True(first.GetProperty("position").GetInt64() > head, $"the first message was event {first.GetProperty("position")}, written before the connection (head {head})");
    }

    private async Task<NodeScript> NodeAsync(Uri url, int count)
    {
        var package = await NpmClients.RequirePackageAsync("eventsource");
        var script = _dir.Write("feed.mjs", Script);
        var module = new Uri(Path.Combine(package, "dist", "index.js")).AbsoluteUri;
        return new NodeScript(Process.Start(new ProcessStartInfo("node", [script, module, url.AbsoluteUri, count.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!);
    }

    /// <summary>A running node script whose output is read line by line (a minute at most per line).</summary>
    private sealed class NodeScript(Process process) : IAsyncDisposable
    {
        public async Task<string> LineAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            return line ?? throw new Xunit.Sdk.XunitException("node ended: " + await process.StandardError.ReadToEndAsync(timeout.Token));
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited) process.Kill();
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }
}
