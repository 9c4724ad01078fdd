using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using KnowledgeOs.Tests.Import;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Atra;

/// <summary>One row of the table <c>check_learning_progress.py</c> prints: the person as it names them and its percentage.</summary>
/// <param name="Name">The name as the script spells it (<c>Игорь</c>).</param>
/// <param name="Percent">Its figure (<c>195.0</c>).</param>
public sealed record CheckerRow(string Name, double Percent);

/// <summary>
/// ATRA's own scripts from the fixtures (<c>atra/tools</c>), run with <c>python3</c> on a folder laid out as they expect:
/// <c>{slug}_knowledge.md</c> beside the script, programs in <c>learning_programs/</c>. A missing python3 fails the test
/// (.ci/python.sh installs it): the point of these tests is that the team's own tooling still accepts our output.
/// </summary>
public static partial class AtraScripts
{
    /// <summary>The progress checker.</summary>
    public const string Checker = "check_learning_progress.py";

    /// <summary>The padding script (rewrites the files beside it).</summary>
    public const string Padding = "update_learning_to_maximum.py";

    /// <summary>
    /// Lays a <c>kos export</c> folder out as ATRA keeps it: every <c>{slug}_program.md</c> moved into
    /// <c>learning_programs/</c>. Returns the folder.
    /// </summary>
    public static string LayOut(string exported)
    {
        var programs = Directory.CreateDirectory(Path.Combine(exported, "learning_programs")).FullName;
        foreach (var program in Directory.GetFiles(exported, "*_program.md"))
            File.Move(program, Path.Combine(programs, Path.GetFileName(program)));
        return exported;
    }

    /// <summary>Copies a script from the fixtures into <paramref name="folder"/> and runs it there; fails on a non-zero exit.</summary>
    public static async Task<string> RunAsync(string script, string folder)
    {
        var source = Path.Combine(ImportFiles.Fixtures(), "atra", "tools", script);
        var copy = Path.Combine(folder, script);
        File.Copy(source, copy, overwrite: true);
        var python = ExternalPrograms.OnPath("python3");
        Assert.True(python is not null,
            $"python3 is not installed, so ATRA's {script} cannot be run on our export: install it (apt-get install python3, as .ci/python.sh does).");
        var start = new ProcessStartInfo(python!, [copy])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        start.Environment["PYTHONUTF8"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{script} did not finish within 2 minutes in {folder}.");
        }
        var (output, errors) = (await stdout, await stderr);
        Assert.True(process.ExitCode == 0, $"{script} exited with {process.ExitCode} on our export:\n{output}\n{errors}");
        // The checker logs a file it could not read as "Ошибка чтения …" and scores it as missing.
        Assert.DoesNotContain("Ошибка", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Traceback", errors, StringComparison.Ordinal);
        return output;
    }

    /// <summary>The rows of the checker's table, in the order printed.</summary>
    public static List<CheckerRow> Rows(string output) =>
        output.Split('\n').Select(l => Row().Match(l)).Where(m => m.Success)
            .Select(m => new CheckerRow(m.Groups["name"].Value, double.Parse(m.Groups["percent"].Value, CultureInfo.InvariantCulture)))
            .ToList();

    // "3    Игорь           Backend Developer              195.0% ████… 🟢 Отлично": rank, name, role, percentage.
    [GeneratedRegex(@"^(?<rank>\d+)\s+(?<name>\S+)\s+.*?\s(?<percent>\d+\.\d)%", RegexOptions.CultureInvariant)]
    private static partial Regex Row();
}
