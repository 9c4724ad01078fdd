using System.Globalization;
using KnowledgeOs.Rendering;
using KnowledgeOs.Application;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Cli.Commands;

/// <summary>
/// <c>kos import</c>: moves old Markdown knowledge bases and learning programs (the ATRA format, also what
/// <c>kos export</c> writes) into the store, each file once and whole, with a report per file.
/// </summary>
public sealed class ImportCommand(IAnsiConsole console, ErrorConsole error, TimeProvider time) : StoreCommand<ImportCommand.Settings>(console, time)
{
    /// <summary>More rows than this and the table shows the files with something to say, and a count of the rest.</summary>
    private const int FullTableLimit = 200;

    /// <summary>Warnings and suggestions printed before the rest are left to <c>--json</c>.</summary>
    private const int NoteLimit = 60;

    /// <summary>Options.</summary>
    public sealed class Settings : KosSettings
    {
        /// <summary>Files and folders.</summary>
        [CommandArgument(0, "<PATH>")]
        [Description("Knowledge bases (*_knowledge.md), learning programs (*_program.md), or folders searched recursively for .md/.markdown/.txt.")]
        public string[] Paths { get; init; } = [];

        /// <summary>Report without writing.</summary>
        [CommandOption("--dry-run")]
        [Description("Read and decide everything, print the report, write nothing.")]
        public bool DryRun { get; init; }

        /// <summary>Files read and parsed at once.</summary>
        [CommandOption("--parallel <N>")]
        [Description("Files read and parsed at once (default: the number of cores, at least 2).")]
        public int? Parallel { get; init; }

        /// <summary>Size limit per file.</summary>
        [CommandOption("--max-size <MB>")]
        [Description("Refuse files larger than this many megabytes (default 16: knowledge bases are kilobytes).")]
        public double? MaxSizeMb { get; init; }

        /// <inheritdoc/>
        public override ValidationResult Validate()
        {
            if (Paths.Length == 0) return ValidationResult.Error("Give at least one file or folder to import.");
            if (Parallel is < 1 or > 64) return ValidationResult.Error("--parallel must be between 1 and 64.");
            if (MaxSizeMb is <= 0 or > 4096) return ValidationResult.Error("--max-size must be more than 0 and at most 4096 (MB).");
            return base.Validate();
        }
    }

    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        var options = new ImportOptions(
            DryRun: settings.DryRun,
            MaxParallelism: settings.Parallel ?? Math.Max(2, Environment.ProcessorCount),
            MaxFileBytes: settings.MaxSizeMb is { } mb ? (long)(mb * 1024 * 1024) : ImportOptions.DefaultMaxFileBytes);
        var service = new ImportService(session.Service, Time);

        ImportReport report;
        if (!settings.Json && Console.Profile.Capabilities.Interactive)
        {
            report = null!;
            var caption = Markup.Escape((await session.LabelsAsync(ct)).ImportProgress(settings.DryRun));
            await Console.Progress().AutoClear(true).StartAsync(async p =>
            {
                var task = p.AddTask(caption, maxValue: 1);
                report = await service.ImportAsync(session.Team, settings.Paths, options,
                    onFile: _ => task.Increment(1), onFilesFound: n => task.MaxValue = Math.Max(1, n), ct: ct);
            });
        }
        else
        {
            report = await service.ImportAsync(session.Team, settings.Paths, options, ct: ct);
        }

        var l = await session.LabelsAsync(ct);
        if (settings.Json) Output.Json(Console, report.WordedIn(l));
        else Print(report, l);
        if (report.Files.Count == 0 && report.Skipped.Count == 0)
            throw InputException.Of($"No .md, .markdown or .txt files under {string.Join(", ", settings.Paths)}.", "<PATH>",
                ErrorCodes.NoFilesFound, ".md, .markdown, .txt", string.Join(", ", settings.Paths));
        var missing = report.Skipped.Any(s => s.Message.EndsWith("no such file or folder", StringComparison.Ordinal));
        if (report.Failed == 0 && !missing) return ExitCodes.Ok;
        error.Line(l.ImportFailed(missing && report.Failed == 0, report.Failed, report.Files.Count));
        return ExitCodes.Input;
    }

    private void Print(ImportReport report, CliLabels l)
    {
        var table = Output.Table([.. l.ImportColumns]);
        var rows = report.Files.Count <= FullTableLimit
            ? report.Files
            : report.Files.Where(f => !f.Ok || f.Warnings.Count > 0 || f.UnknownSections.Count > 0).Take(FullTableLimit).ToList();
        foreach (var f in rows)
        {
            table.Row(
                Path.GetFileName(f.Path),
                f.Slug is null ? "—" : $"{f.Slug}: {f.Name} ({f.Role})",
                l.ImportProfile(f.Kind == "knowledge", f.Priority, f.Created, f.Status),
                f.Kind == "program" ? f.Program : Sections(f, l),
                f.DuplicatesDropped,
                f.ClaimsRecorded,
                l.ImportResult(f.Ok, f.AlreadyImported, f.Events, report.DryRun, f.MatchedBy == "new"));
        }
        Console.Write(table);
        if (rows.Count < report.Files.Count)
            Output.Line(Console, l.MoreFilesClean(report.Files.Count - rows.Count));

        var notes = new List<string>();
        foreach (var f in report.Files)
        {
            var name = Path.GetFileName(f.Path);
            if (f.Repair is not null) notes.Add($"{name}: {l.ImportRepair(f.Repair, f.RepairArgs)}");
            if (f.UnknownSections.Count > 0) notes.Add(l.UnknownSections(name, f.UnknownSections));
            notes.AddRange(f.Warnings.Select(w => $"{name}: {l.ImportWarning(w)}"));
            notes.AddRange(f.Suggestions.Select(s => l.LooksLike(name, s.Line, s.Text, s.SimilarText, l.LookAlikeReason(s.ReasonCode))));
        }
        notes.AddRange(report.Skipped.Select(s => l.Skipped(l.ImportWarning(s))));
        foreach (var note in notes.Take(NoteLimit)) Console.MarkupLine($"[yellow]{l.NoteWord}[/] {Markup.Escape(note)}");
        if (notes.Count > NoteLimit) Output.Line(Console, l.MoreNotes(notes.Count - NoteLimit));
        foreach (var f in report.Files.Where(f => !f.Ok))
            Console.MarkupLine($"[red]{l.ErrorWord}[/] {Markup.Escape(Path.GetFileName(f.Path))}: {Markup.Escape(f.Error!)}");

        var already = report.Files.Count(f => f.AlreadyImported);
        Output.Line(Console, l.ImportSummary(report.DryRun, report.Imported - already, already, report.Failed, report.Items,
            report.DuplicatesDropped, report.Files.Sum(f => f.ClaimsRecorded), report.Files.Sum(f => f.Events)));
    }

    private static string Sections(FileImportReport f, CliLabels l)
    {
        // In the order the knowledge base renders them.
        var parts = f.Items.OrderBy(kv => SectionCatalog.TryParse(kv.Key, out var kind) ? (int)kind : int.MaxValue)
            .Select(kv => $"{l.SectionLabel(kv.Key)} {kv.Value}").ToList();
        if (f.Confirmed > 0) parts.Add(l.ImportConfirmed(f.Confirmed));
        return parts.Count == 0 ? "—" : string.Join(", ", parts);
    }
}
