using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos learn</c>: updates knowledge bases from task reports (native or ATRA retrospective JSON).</summary>
public sealed class LearnCommand(IAnsiConsole console, ErrorConsole error, TimeProvider time) : AsyncCommand<LearnCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : KosSettings
    {
        /// <summary>Report files or folders.</summary>
        [CommandArgument(0, "<PATH>")]
        [Description("Report files, or folders searched recursively for *.json.")]
        public string[] Paths { get; init; } = [];

        /// <summary>Onboard unknown experts.</summary>
        [CommandOption("--onboard")]
        [Description("Onboard experts the team does not have yet, from the report's name and role (slug transliterated: Иван → ivan).")]
        public bool Onboard { get; init; }

        /// <summary>Apply a revised report for a task already learned.</summary>
        [CommandOption("--amend")]
        [Description("Apply a revised report for a task already learned: what changed is recorded under task:<id>#rev-<hash8>, what the revision removed is retracted; the same revision again changes nothing. A task not learned yet is learned as usual.")]
        public bool Amend { get; init; }
    }

    /// <inheritdoc/>
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        var files = InputFiles.Expand(settings.Paths, "*.json");
        if (files.Count == 0) throw InputException.Of($"No *.json report files under {string.Join(", ", settings.Paths)}.", "<PATH>",
                ErrorCodes.NoFilesFound, "*.json", string.Join(", ", settings.Paths));
        await using var session = await KosSession.OpenAsync(settings, time, ct);
        var (results, exitCode) = await ReportBatch.LearnAsync(session, files, settings.Onboard, console, !settings.Json, ct, settings.Amend);
        if (settings.Json) Output.Json(console, results);
        var l = await session.LabelsAsync(ct);
        if (!settings.Json) ReportBatch.Print(console, results, l);
        if (exitCode != ExitCodes.Ok) error.Line(l.LearnFailed(results.Count(r => r.Status == ReportFileStatus.Error), results.Count));
        return exitCode;
    }
}
