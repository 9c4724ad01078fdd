using System.Diagnostics;
using System.Text.RegularExpressions;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Api;

/// <summary>A real <c>kos serve</c> child process on a free loopback port, killed (not stopped) at dispose if still running.</summary>
public sealed partial class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _drainError;
    private readonly List<string> _lines;
    private readonly Task _readOutput;

    private ServeProcess(Process process, Uri address, Task drainError, List<string> lines)
    {
        _process = process;
        Address = address;
        _drainError = drainError;
        _lines = lines;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        // Keep reading stdout so a chatty server never blocks on a full pipe; the lines stay for LinesUntilAsync.
        _readOutput = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
                lock (_lines) _lines.Add(line);
        });
    }

    /// <summary>Base address (<c>http://127.0.0.1:port/</c>).</summary>
    public Uri Address { get; }

    /// <summary>A client for this server.</summary>
    public HttpClient Client { get; }

    /// <summary>True until the process has exited.</summary>
    public bool Running => !_process.HasExited;

    /// <summary>Starts <c>kos serve ARGS --urls http://127.0.0.1:0</c> and waits until it listens and is ready.</summary>
    public static Task<ServeProcess> StartAsync(params string[] args) => StartAsync(args, null);

    /// <summary>The same, with environment variables of its own.</summary>
    public static async Task<ServeProcess> StartAsync(string[] args, IReadOnlyDictionary<string, string?>? environment)
    {
        var process = Process.Start(KosProcess.Start(["serve", .. args, "--urls", "http://127.0.0.1:0"], environment))!;
        var lines = new List<string>();
        var drainError = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Uri? address = null;
        try
        {
            // The server logs its real address once Kestrel has bound the port: "KnowledgeOS listening on http://127.0.0.1:PORT".
            while (address is null)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException($"kos serve exited before listening: {await drainError}");
                lines.Add(line);
                if (Listening().Match(line) is { Success: true } m) address = new Uri(m.Groups[1].Value.TrimEnd('/') + "/");
            }
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var server = new ServeProcess(process, address, drainError, lines);
        using var ready = await server.Client.GetAsync("health/ready", timeout.Token);
        Assert.True(ready.IsSuccessStatusCode, $"{address} is not ready: {(int)ready.StatusCode}");
        return server;
    }

    /// <summary>What the server printed on stdout, from its first line to the first one that <paramref name="last"/> accepts.</summary>
    public async Task<string[]> LinesUntilAsync(Func<string, bool> last)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            lock (_lines)
                if (_lines.FindIndex(line => last(line)) is var end and >= 0) return [.. _lines.Take(end + 1)];
            if (_readOutput.IsCompleted) throw new InvalidOperationException($"kos serve ended its output without that line: {string.Join('\n', _lines)}");
            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>Kills the process at once, as a crash or an OOM kill would.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited) await KillAsync();
        await _drainError;
        await _readOutput;
        _process.Dispose();
    }

    [GeneratedRegex(@"listening on (http://[0-9.]+:[0-9]+)")]
    private static partial Regex Listening();
}
