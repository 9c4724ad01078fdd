using System.Diagnostics;
using System.Text;

namespace KnowledgeOs.Tests.Support;

/// <summary>Programs of the machine the tests run (node's tools, python3 and its scripts): found on PATH, run to their end.</summary>
public static class ExternalPrograms
{
    /// <summary>The full path of a program on PATH, or null when it is not installed.</summary>
    public static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Where(dir => dir.Length > 0).Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    /// <summary>Runs a program and returns its exit code and its output (stdout then stderr, UTF-8); three minutes at most.</summary>
    public static async Task<(int Code, string Output)> ExecAsync(string file, string[] args, string folder)
    {
        var start = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
