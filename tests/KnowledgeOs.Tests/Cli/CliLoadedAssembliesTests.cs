using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using KnowledgeOs.Tests.Mcp;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary>
/// What a real <c>kos</c> process loads (issue #16): a command that does not serve loads no ASP.NET Core assembly, although
/// the CLI references the server project and its runtimeconfig names the ASP.NET framework. Seen through a startup hook
/// (<see cref="StartupHook"/>) that lists the process's assemblies as it exits: unlike sampling <c>/proc/PID/maps</c>
/// from outside, it cannot miss a load that happens just before a short command ends, and it names managed assemblies
/// rather than mapped files.
/// </summary>
public sealed class CliLoadedAssembliesTests
{
    /// <summary>Runs <c>kos ARGS</c> as its own process with the hook and returns the assemblies it had loaded at exit.</summary>
    private static Task<IReadOnlyList<string>> LoadedByAsync(TempFolder dir, params string[] args) => LoadedByAsync(dir, 0, args);

    /// <summary>Runs <c>kos ARGS</c>, which must exit with <paramref name="exitCode"/>, and returns the assemblies it had loaded at exit.</summary>
    private static async Task<IReadOnlyList<string>> LoadedByAsync(TempFolder dir, int exitCode, params string[] args)
    {
        var list = dir.File($"loaded-{Guid.NewGuid():N}.txt");
        var start = KosProcess.Start(args, new Dictionary<string, string?>
        {
            ["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location,
            ["KOS_TEST_LOADED_ASSEMBLIES"] = list,
        });
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == exitCode, $"kos {string.Join(' ', args)} exited with {process.ExitCode}: {await error}{await output}");
        return await File.ReadAllLinesAsync(list);
    }

    [Fact]
    public async Task Demo_learn_and_render_on_sqlite_load_no_ASP_NET_Core_assembly()
    {
        using var dir = new TempFolder();
        var db = dir.File("kos.db");
        var report = dir.File("report.json");
        await File.WriteAllTextAsync(report, JsonSerializer.Serialize(McpHttpTests.Report("LOAD-1", "dmitriy", "Retry budgets stop retry storms")));

        var runs = new Dictionary<string, IReadOnlyList<string>>
        {
            ["demo"] = await LoadedByAsync(dir, "demo", "--data", db, "--json"),
            ["learn"] = await LoadedByAsync(dir, "learn", report, "--data", db),
            ["render"] = await LoadedByAsync(dir, "render", "dmitriy", "--data", db),
        };

        foreach (var (command, loaded) in runs)
        {
            // The hook saw the whole run: the store's assembly is loaded only once a command opens the file.
            Assert.Contains("KnowledgeOs.Sqlite", loaded);
            var web = loaded.Where(n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
            Assert.True(web.Count == 0, $"kos {command} loaded {string.Join(", ", web)}");
        }
    }

    [Fact]
    public async Task Serve_loads_ASP_NET_Core_and_the_hook_sees_it()
    {
        using var dir = new TempFolder();
        // The address is taken: kos serve builds the web host, fails to listen and exits 5, its assemblies loaded.
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";

        var loaded = await LoadedByAsync(dir, 5, "serve", "--data", dir.File("kos.db"), "--urls", url);

        Assert.Contains(loaded, n => n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }
}
