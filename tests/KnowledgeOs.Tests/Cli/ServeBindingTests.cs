using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary><c>kos serve</c> as a real process: where it may listen, and how it says no.</summary>
public sealed class ServeBindingTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_busy_port_exits_5_naming_the_address_without_a_stack_trace()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)holder.LocalEndpoint).Port}";
        var run = await RunToExitAsync(["serve", "--urls", address, "--data", _dir.File("kos.db")]);
        Assert.Equal(5, run.ExitCode);
        AssertOneErrorLine(run, address);
        Assert.Contains("already in use", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_address_without_keys_exits_2_saying_how_to_create_a_key()
    {
        var run = await RunToExitAsync(["serve", "--urls", $"http://0.0.0.0:{FreePort()}", "--data", _dir.File("kos.db")]);
        Assert.Equal(2, run.ExitCode);
        AssertOneErrorLine(run, "kos keys create");
    }

    [Fact]
    public async Task A_kestrel_endpoint_in_the_environment_cannot_open_any_address_without_keys()
    {
        // It used to log crit, stop, and exit 0: a supervisor saw a clean exit.
        var address = $"http://0.0.0.0:{FreePort()}";
        var run = await RunToExitAsync(["serve", "--data", _dir.File("kos.db")], new() { ["Kestrel__Endpoints__Open__Url"] = address });
        Assert.Equal(2, run.ExitCode);
        AssertOneErrorLine(run, address);
    }

    [Fact]
    public async Task ASPNETCORE_URLS_on_any_address_without_keys_is_refused_by_name()
    {
        var address = $"http://0.0.0.0:{FreePort()}";
        var run = await RunToExitAsync(["serve", "--data", _dir.File("kos.db")], new() { ["ASPNETCORE_URLS"] = address });
        Assert.Equal(2, run.ExitCode);
        AssertOneErrorLine(run, address);
    }

    [Fact]
    public async Task ASPNETCORE_URLS_is_where_serve_listens_when_no_urls_are_given()
    {
        var address = $"http://127.0.0.1:{FreePort()}";
        var start = KosProcess.Start(["serve", "--data", _dir.File("kos.db")], new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = address });
        using var process = Process.Start(start)!;
        try
        {
            var serving = await ReadUntilAsync(process.StandardOutput, "/scalar/v1");
            Assert.Contains(address, serving, StringComparison.Ordinal);
            // A new store has no team yet: the line is in the project's default language, Russian (CliLabels.Serving).
            // The console may wrap the long line; the words are what counts.
            var words = System.Text.RegularExpressions.Regex.Replace(serving, @"\s+", " ");
            Assert.Contains("справочник по программному интерфейсу: " + address + "/scalar/v1", words, StringComparison.Ordinal);
            Assert.DoesNotContain("API reference", serving, StringComparison.Ordinal);
            using var http = new HttpClient();
            var ready = await http.GetAsync(new Uri($"{address}/health/ready"));
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Urls_given_on_the_command_line_win_over_ASPNETCORE_URLS()
    {
        var run = await RunToExitAsync(["serve", "--urls", "not-an-address", "--data", _dir.File("kos.db")],
            new() { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort()}" });
        Assert.Equal(2, run.ExitCode);
        AssertOneErrorLine(run, "not-an-address");
    }

    private static void AssertOneErrorLine(KosRun run, string mentions)
    {
        var errors = run.Error.Split('\n').Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(errors);
        Assert.Contains(mentions, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", run.Out + run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Out + run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception:", run.Out + run.Error, StringComparison.Ordinal);
    }

    /// <summary>Runs kos to its end; the minute is a hang guard for a server that failed to refuse, not a timing assertion.</summary>
    private static async Task<KosRun> RunToExitAsync(string[] args, Dictionary<string, string?>? environment = null)
    {
        using var process = Process.Start(KosProcess.Start(args, environment))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"kos {string.Join(' ', args)} kept running instead of refusing: {await output}");
        }
        return new KosRun(process.ExitCode, await output, await error);
    }

    private static async Task<string> ReadUntilAsync(StreamReader reader, string marker)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var seen = new System.Text.StringBuilder();
        while (await reader.ReadLineAsync(guard.Token) is { } line)
        {
            seen.AppendLine(line);
            if (line.Contains(marker, StringComparison.Ordinal)) return seen.ToString();
        }
        throw new InvalidOperationException($"kos ended before printing '{marker}': {seen}");
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
