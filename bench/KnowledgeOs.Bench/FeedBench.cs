using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using KnowledgeOs.Server;
using KnowledgeOs.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeOs.Bench;

/// <summary>
/// The change feed's cost per delivered event (issue #16): an in-process <c>kos serve</c> on a fresh SQLite file,
/// its store wrapped to count change-feed reads; a child process (this binary, <c>feed-clients</c>) opens N SSE
/// clients of one team and posts the reports one at a time, so this process's CPU is the server's alone.
/// </summary>
public sealed class FeedBench : IBench
{
    /// <inheritdoc/>
    public string Name => "feed";

    /// <inheritdoc/>
    public string Description => "SSE change feed: feed reads and server CPU per delivered event (--clients 1,10,100 --reports 200)";

    /// <inheritdoc/>
    public async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var clients = (Measure.Text(args, "--clients") ?? "1,10,100").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture));
        var reports = Measure.Int(args, "--reports", 200);
        Console.WriteLine($"Machine: {Measure.Machine()}");
        Console.WriteLine();
        Console.WriteLine("| SSE clients | reports | events delivered | feed reads | reads / commit | server CPU ms | CPU µs / delivered event | delivered events/s |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var n in clients) await RunOnceAsync(n, reports, ct);
        return 0;
    }

    private static async Task RunOnceAsync(int clients, int reports, CancellationToken ct)
    {
        var folder = Path.Combine(Path.GetTempPath(), "kos-feedbench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            FeedReads? reads = null;
            var options = new KosServerOptions { DataPath = Path.Combine(folder, "kos.db"), Urls = ["http://127.0.0.1:0"], RunCycle = false, MaxFeedStreamsPerKey = 1000 };
            await using var app = await KosServer.BuildAsync(options, ct, builder =>
            {
                var original = builder.Services.Last(d => d.ServiceType == typeof(IEventStore));
                builder.Services.Remove(original);
                builder.Services.AddSingleton<IEventStore>(sp => reads = new FeedReads((IEventStore)original.ImplementationFactory!(sp)));
            });
            await app.StartAsync(ct);
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
            using (var http = new HttpClient { BaseAddress = address })
            {
                using var onboarded = await http.PostAsJsonAsync("api/v1/teams/bench/experts",
                    new { slug = "igor", displayName = "Игорь", role = "Backend Developer", project = "Orbit", tags = new[] { "python" } }, ct);
                onboarded.EnsureSuccessStatusCode();
            }
            var store = app.Services.GetRequiredService<IEventStore>();
            using var child = Process.Start(new ProcessStartInfo("dotnet", [typeof(FeedBench).Assembly.Location, "feed-clients", address.ToString(), clients.ToString(CultureInfo.InvariantCulture), reports.ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
            })!;
            await Expect(child, "ready", ct);
            var self = Process.GetCurrentProcess();
            self.Refresh();
            var cpu = self.TotalProcessorTime;
            var readsAt = reads!.Count;
            var clock = Stopwatch.StartNew();
            await child.StandardInput.WriteLineAsync("go");
            await child.StandardInput.FlushAsync(ct);
            await Expect(child, "posted", ct);
            var head = await store.HeadPositionAsync(ct);
            await child.StandardInput.WriteLineAsync(head.ToString(CultureInfo.InvariantCulture));
            await child.StandardInput.FlushAsync(ct);
            var delivered = long.Parse((await Expect(child, "done", ct))[5..], CultureInfo.InvariantCulture);
            clock.Stop();
            self.Refresh();
            var cpuMs = (self.TotalProcessorTime - cpu).TotalMilliseconds;
            var feedReads = reads.Count - readsAt;
            await child.WaitForExitAsync(ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {clients} | {reports} | {delivered:N0} | {feedReads:N0} | {(double)feedReads / reports:F2} | {cpuMs:F0} | {cpuMs * 1000 / Math.Max(1, delivered):F1} | {delivered / clock.Elapsed.TotalSeconds:N0} |"));
            await app.StopAsync(ct);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> Expect(Process child, string word, CancellationToken ct)
    {
        var line = await child.StandardOutput.ReadLineAsync(ct) ?? throw new InvalidOperationException($"feed-clients ended before '{word}'");
        return line.StartsWith(word, StringComparison.Ordinal) ? line : throw new InvalidOperationException($"feed-clients said '{line}', not '{word}'");
    }

    /// <summary>The server's store, counting the change-feed reads started on it.</summary>
    private sealed class FeedReads(IEventStore inner) : ForwardingEventStore(inner)
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public override IAsyncEnumerable<StoredEvent> ReadTeamAfterAsync(string team, long afterPosition, CancellationToken ct)
        {
            Interlocked.Increment(ref _count);
            return base.ReadTeamAfterAsync(team, afterPosition, ct);
        }
    }
}
