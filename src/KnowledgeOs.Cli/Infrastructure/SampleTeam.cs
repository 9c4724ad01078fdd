using KnowledgeOs.Cli.Commands;

namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>
/// The sample team (<c>samples/team.json</c> and <c>samples/reports/*.json</c>) as <c>kos demo</c> and
/// <c>kos serve --sample</c> load it: from <c>--samples DIR</c> when given, else from the copy embedded in kos,
/// so the installed tool works from any folder.
/// </summary>
public static class SampleTeam
{
    // The logical names the CLI project gives the embedded files (KnowledgeOs.Cli.csproj).
    private const string Prefix = "samples/";

    /// <summary>Onboards the sample team and learns its reports; returns what each step did and the batch's exit code.</summary>
    public static async Task<(List<OnboardCommand.Onboarded> Onboarded, List<ReportFileResult> Results, int ExitCode)> LoadAsync(
        KosSession session, string? folder, IAnsiConsole console, bool showProgress, CancellationToken ct)
    {
        var extracted = folder is null ? Extract() : null;
        try
        {
            var samples = folder ?? extracted!.FullName;
            var onboarded = await OnboardCommand.OnboardAsync(session, Path.Combine(samples, "team.json"), ct);
            var files = InputFiles.Expand([Path.Combine(samples, "reports")], "*.json");
            var (results, exitCode) = await ReportBatch.LearnAsync(session, files, onboard: false, console, showProgress, ct);
            // The temporary folder is gone when this returns: name the embedded files as the repository does.
            if (extracted is not null)
                results = results.Select(r => r with { File = Prefix + Path.GetRelativePath(samples, r.File).Replace('\\', '/') }).ToList();
            return (onboarded, results, exitCode);
        }
        finally
        {
            extracted?.Delete(recursive: true);
        }
    }

    /// <summary>Writes the embedded samples into a fresh temporary folder (the file commands read paths, and the
    /// file names are what the results show).</summary>
    private static DirectoryInfo Extract()
    {
        var assembly = typeof(SampleTeam).Assembly;
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).ToList();
        // A build without them is a defect of the package, not of the user's input.
        if (!names.Contains(Prefix + "team.json"))
            throw new InvalidOperationException("This kos was built without its embedded samples; pass --samples DIR.");
        var folder = Directory.CreateTempSubdirectory("kos-samples-");
        foreach (var name in names)
        {
            var path = Path.Combine(folder.FullName, name[Prefix.Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var source = assembly.GetManifestResourceStream(name)!;
            using var target = File.Create(path);
            source.CopyTo(target);
        }
        return folder;
    }
}
