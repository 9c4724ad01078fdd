using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace KnowledgeOs.Bench;

/// <summary>
/// The CPU an idle <c>kos serve</c> on SQLite spends (issue #16): the demo team on a fresh file, no client or one SSE
/// client following the team (<c>--sse</c>), nothing written; the server's CPU (from <c>/proc</c>) over the given seconds.
/// </summary>
public sealed class ServeIdleBench : IBench
{
    /// <inheritdoc/>
    public string Name => "serve-idle";

    /// <inheritdoc/>
    public string Description => "CPU of an idle kos serve on SQLite, no client or one SSE client (--kos path/to/kos.dll --seconds 60 [--sse])";

    /// <inheritdoc/>
    public async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var kos = Measure.Text(args, "--kos") ?? throw new ArgumentException("--kos path/to/kos.dll is required");
        var seconds = Measure.Int(args, "--seconds", 60);
        var sse = args.Contains("--sse");
        var folder = Path.Combine(Path.GetTempPath(), "kos-serveidle-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        Process? server = null;
        try
        {
            var db = Path.Combine(folder, "kos.db");
            using (var demo = Process.Start(new ProcessStartInfo("dotnet", ["exec", kos, "demo", "--data", db, "--json"]) { RedirectStandardOutput = true })!)
            {
                await demo.StandardOutput.ReadToEndAsync(ct);
                await demo.WaitForExitAsync(ct);
            }
            var url = $"http://127.0.0.1:{FreePort()}";
            server = Process.Start(new ProcessStartInfo("dotnet", ["exec", kos, "serve", "--data", db, "--urls", url]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            _ = server.StandardOutput.ReadToEndAsync(ct);
            _ = server.StandardError.ReadToEndAsync(ct);
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = Timeout.InfiniteTimeSpan };
            await ReadyAsync(http, ct);
            using var follow = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var client = sse ? FollowAsync(http, follow.Token) : Task.CompletedTask;
            // Past start-up (JIT, the first reads, the watch's looks after opening the file): what an idle server costs from here on.
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            var before = McpIdleBench.CpuTicks(server.Id);
            await Task.Delay(TimeSpan.FromSeconds(seconds), ct);
            var used = (McpIdleBench.CpuTicks(server.Id) - before) * 1000.0 / 100;
            await follow.CancelAsync();
            await client;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {seconds} s idle, {(sse ? "one SSE client" : "no client")} | {used:F0} ms CPU | {used / seconds:F1} ms CPU/s | load {Measure.Load()} |"));
            return 0;
        }
        finally
        {
            if (server is not null)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync(CancellationToken.None);
                server.Dispose();
            }
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task ReadyAsync(HttpClient http, CancellationToken ct)
    {
        for (var tries = 0; ; tries++)
        {
            try
            {
                if ((await http.GetAsync("health/ready", ct)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) when (tries < 600)
            {
            }
            await Task.Delay(100, ct);
        }
    }

    /// <summary>One SSE client following the team until cancelled, reading (and dropping) what comes.</summary>
    private static async Task FollowAsync(HttpClient http, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync("api/v1/teams/default/events/stream", HttpCompletionOption.ResponseHeadersRead, ct);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
            while (await reader.ReadLineAsync(ct) is not null)
            {
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
