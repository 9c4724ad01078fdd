using System.Diagnostics;
using System.Globalization;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Bench;

/// <summary>
/// bench/RuntimeProbe, the startup hook behind <c>bench/http.sh</c>'s <c>PROBE=1</c>: loaded into a real <c>kos</c> process,
/// it writes the runtime's counters as one line of nine numbers, and starts its "longest" figures again when the
/// script asks (a <c>.reset</c> file beside its output, taken away once seen).
/// </summary>
public sealed class RuntimeProbeTests
{
    /// <summary>The probe built beside the CLI, in the same configuration as these tests.</summary>
    private static string ProbeDll =>
        Path.Combine(Repo.Root, "artifacts", "bin", "RuntimeProbe", new DirectoryInfo(AppContext.BaseDirectory).Name, "RuntimeProbe.dll");

    [Fact]
    public async Task A_kos_process_with_the_probe_writes_the_runtime_counters_and_takes_the_reset()
    {
        using var dir = new TempFolder();
        var output = dir.File("probe");
        await File.WriteAllTextAsync(output + ".reset", "");
        var start = KosProcess.Start(["demo", "--data", dir.File("kos.db"), "--json"], new Dictionary<string, string?>
        {
            ["DOTNET_STARTUP_HOOKS"] = ProbeDll,
            ["RUNTIME_PROBE_OUT"] = output,
        });
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"kos demo with the probe exited with {process.ExitCode}: {await stderr}{await stdout}");

        Assert.True(File.Exists(output), $"the probe wrote no counters to {output}");
        var fields = (await File.ReadAllTextAsync(output)).Trim().Split(' ');
        // gen0 gen1 gen2, pause ms, longest pause ms, JIT methods, JIT ms, pool threads, longest queue, bytes allocated.
        Assert.Equal(10, fields.Length);
        var numbers = fields.Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        Assert.All(numbers, n => Assert.True(n >= 0, $"a counter below zero: {string.Join(' ', fields)}"));
        Assert.True(numbers[5] > 100, $"the probe saw {numbers[5]} JIT-compiled methods in a whole kos demo: not the process's counters");
        Assert.True(numbers[9] > 1_000_000, $"the probe saw {numbers[9]} bytes allocated in a whole kos demo: not the process's total");
        Assert.False(File.Exists(output + ".reset"), "the probe left the reset request in place: the script's measured run would keep the warm-up's longest pause");
    }
}
