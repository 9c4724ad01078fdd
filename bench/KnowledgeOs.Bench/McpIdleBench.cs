using System.Diagnostics;
using System.Globalization;
using ModelContextProtocol.Client;

namespace KnowledgeOs.Bench;

/// <summary>
/// The CPU an idle <c>kos mcp</c> spends on one resource subscription (issue #16): the demo team on a fresh SQLite
/// file, one subscription, nothing written; the child's CPU (from <c>/proc</c>) over the given seconds.
/// </summary>
public sealed class McpIdleBench : IBench
{
    /// <inheritdoc/>
    public string Name => "mcp-idle";

    /// <inheritdoc/>
    public string Description => "CPU of an idle kos mcp with one subscription (--kos path/to/kos.dll --seconds 60)";

    /// <inheritdoc/>
    public async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var kos = Measure.Text(args, "--kos") ?? throw new ArgumentException("--kos path/to/kos.dll is required");
        var seconds = Measure.Int(args, "--seconds", 60);
        var folder = Path.Combine(Path.GetTempPath(), "kos-mcpidle-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var db = Path.Combine(folder, "kos.db");
            using (var demo = Process.Start(new ProcessStartInfo("dotnet", ["exec", kos, "demo", "--data", db, "--json"]) { RedirectStandardOutput = true })!)
            {
                await demo.StandardOutput.ReadToEndAsync(ct);
                await demo.WaitForExitAsync(ct);
            }
            await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
            {
                Name = "kos",
                Command = "dotnet",
                Arguments = ["exec", kos, "mcp", "--data", db],
            }), new McpClientOptions { ProtocolVersion = "2025-11-25" }, cancellationToken: ct);
            await client.SubscribeToResourceAsync("kos://teams/default/experts/dmitriy/knowledge.md", (_, _) => ValueTask.CompletedTask, cancellationToken: ct);
            var pid = ChildWith(db);
            // Past start-up (JIT, the first reads): what an idle session costs from here on.
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
            var before = CpuTicks(pid);
            await Task.Delay(TimeSpan.FromSeconds(seconds), ct);
            var used = (CpuTicks(pid) - before) * 1000.0 / 100;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {seconds} s idle, one subscription | {used:F0} ms CPU | {used / seconds:F1} ms CPU/s | load {Measure.Load()} |"));
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int ChildWith(string db) =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(d => d!.All(char.IsDigit)).Select(d => int.Parse(d!, CultureInfo.InvariantCulture))
            .First(pid => Cmdline(pid).Contains(db, StringComparison.Ordinal) && Cmdline(pid).Contains("\0mcp\0", StringComparison.Ordinal));

    private static string Cmdline(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>A process's CPU so far: utime + stime, in clock ticks (100 a second on Linux).</summary>
    internal static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
