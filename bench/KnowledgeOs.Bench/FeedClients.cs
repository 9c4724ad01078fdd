using System.Globalization;
using System.Net.Http.Json;

namespace KnowledgeOs.Bench;

/// <summary>
/// The client side of <see cref="FeedBench"/>, in its own process: N SSE clients of team <c>bench</c>, then the
/// reports posted one at a time, then every client read up to the head the server names. Talks to its parent in
/// lines: <c>ready</c>, (go), <c>posted</c>, (head), <c>done &lt;events delivered&gt;</c>.
/// </summary>
public sealed class FeedClients : IBench
{
    /// <inheritdoc/>
    public string Name => "feed-clients";

    /// <inheritdoc/>
    public string Description => "(the feed bench's child process)";

    /// <inheritdoc/>
    public async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var address = new Uri(args[0]);
        var count = int.Parse(args[1], CultureInfo.InvariantCulture);
        var reports = int.Parse(args[2], CultureInfo.InvariantCulture);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1000 }) { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clients = new List<Client>();
        for (var i = 0; i < count; i++)
        {
            var client = new Client();
            await client.ConnectAsync(http, stop.Token);
            clients.Add(client);
        }
        Console.WriteLine("ready");
        await Console.In.ReadLineAsync(ct);
        for (var i = 0; i < reports; i++)
        {
            var report = new
            {
                taskId = $"FEED-{i}",
                title = $"Task FEED-{i}",
                completedAt = "2026-03-03T17:40:00Z",
                outcome = "success",
                participants = new[] { new { expert = "igor", newKnowledge = new[] { $"Feed bench fact number {i} about idempotent consumers" } } },
            };
            using var response = await http.PostAsJsonAsync("api/v1/teams/bench/reports", report, ct);
            response.EnsureSuccessStatusCode();
        }
        Console.WriteLine("posted");
        var head = long.Parse((await Console.In.ReadLineAsync(ct))!, CultureInfo.InvariantCulture);
        while (clients.Any(c => c.Last < head)) await Task.Delay(5, ct);
        Console.WriteLine($"done {clients.Sum(c => c.Events)}");
        await stop.CancelAsync();
        foreach (var c in clients) c.Dispose();
        return 0;
    }

    private sealed class Client : IDisposable
    {
        private HttpResponseMessage? _response;
        private long _last;
        private long _events;

        public long Last => Volatile.Read(ref _last);

        public long Events => Volatile.Read(ref _events);

        public async Task ConnectAsync(HttpClient http, CancellationToken ct)
        {
            _response = await http.GetAsync("api/v1/teams/bench/events/stream", HttpCompletionOption.ResponseHeadersRead, ct);
            _response.EnsureSuccessStatusCode();
            var reader = new StreamReader(await _response.Content.ReadAsStreamAsync(ct));
            _ = Task.Run(() => ReadAsync(reader, ct), CancellationToken.None);
        }

        private async Task ReadAsync(StreamReader reader, CancellationToken ct)
        {
            try
            {
                while (await reader.ReadLineAsync(ct) is { } line)
                {
                    if (!line.StartsWith("id: ", StringComparison.Ordinal)) continue;
                    Interlocked.Increment(ref _events);
                    Volatile.Write(ref _last, long.Parse(line.AsSpan(4), CultureInfo.InvariantCulture));
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (IOException)
            {
            }
        }

        public void Dispose() => _response?.Dispose();
    }
}
