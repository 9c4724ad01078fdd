using System.Diagnostics;
using System.Text.RegularExpressions;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Api;

/// <summary>A real <c>kos serve</c> child process on a free loopback port, killed (not stopped) at dispose if still running.</summary>
public sealed partial class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _drainError;

    private ServeProcess(Process process, Uri address, Task drainError)
    {
        _process = process;
        Address = address;
        _drainError = drainError;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Base address (<c>http://127.0.0.1:port/</c>).</summary>
    public Uri Address { get; }

    /// <summary>A client for this server.</summary>
    public HttpClient Client { get; }

    /// <summary>True until the process has exited.</summary>
    public bool Running => !_process.HasExited;

    /// <summary>Starts <c>kos serve ARGS --urls http://127.0.0.1:0</c> and waits until it listens and is ready.</summary>
    public static async Task<ServeProcess> StartAsync(params string[] args)
    {
        var process = Process.Start(KosProcess.Start(["serve", .. args, "--urls", "http://127.0.0.1:0"]))!;
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
                if (Listening().Match(line) is { Success: true } m) address = new Uri(m.Groups[1].Value.TrimEnd('/') + "/");
            }
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        // Keep reading stdout so a chatty server never blocks on a full pipe.
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        var server = new ServeProcess(process, address, drainError);
        using var ready = await server.Client.GetAsync("health/ready", timeout.Token);
        Assert.True(ready.IsSuccessStatusCode, $"{address} is not ready: {(int)ready.StatusCode}");
        return server;
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
        _process.Dispose();
    }

    [GeneratedRegex(@"listening on (http://[0-9.]+:[0-9]+)")]
    private static partial Regex Listening();
}
