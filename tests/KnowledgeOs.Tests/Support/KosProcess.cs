using System.Diagnostics;

namespace KnowledgeOs.Tests.Support;

/// <summary>Starts the real <c>kos</c> as a child process (to kill it, or to give it environment variables of its own).</summary>
public static class KosProcess
{
    /// <summary>
    /// The built <c>kos.dll</c>, from the CLI project's own output folder: there <c>kos.deps.json</c> and the assemblies
    /// beside it are the CLI's. The test folder holds the server's ASP.NET Core assemblies too, which leaves some of the
    /// CLI's dependencies (Npgsql's logging abstractions) to the shared framework that <c>kos</c> does not load.
    /// </summary>
    public static string Dll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Name;
            var own = Path.Combine(Repo.Root, "artifacts", "bin", "KnowledgeOs.Cli", configuration, "kos.dll");
            return File.Exists(own) ? own : Path.Combine(AppContext.BaseDirectory, "kos.dll");
        }
    }

    /// <summary>Process start info for <c>kos ARGS</c>, output redirected, with extra environment variables.</summary>
    public static ProcessStartInfo Start(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet", ["exec", Dll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>()) start.Environment[name] = value;
        return start;
    }

    /// <summary>Runs <c>kos ARGS</c> as a process of its own (another writer of the same file) and returns what it printed.</summary>
    public static async Task<KosRun> RunAsync(params string[] args)
    {
        using var process = Process.Start(Start(args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new KosRun(process.ExitCode, await output, await error);
    }
}
