using KnowledgeOs.Application;

namespace KnowledgeOs.Rendering;

/// <summary>
/// An import report with its human text — the importer's warnings, the repair note, the look-alike reasons — worded in
/// a language (<c>kos import --json</c>, the HTTP import); each keeps its machine code (<c>code</c>, <c>args</c>,
/// <c>reasonCode</c>) beside it.
/// </summary>
public static class ImportReportWording
{
    /// <summary>The report worded by <paramref name="l"/>.</summary>
    public static ImportReport WordedIn(this ImportReport report, CliLabels l) => report with
    {
        Files = [.. report.Files.Select(f => f.WordedIn(l))],
        Skipped = [.. report.Skipped.Select(w => w with { Message = l.ImportWarningText(w) })],
    };

    /// <summary>One file's report worded by <paramref name="l"/>.</summary>
    public static FileImportReport WordedIn(this FileImportReport f, CliLabels l) => f with
    {
        Repair = l.ImportRepair(f.Repair, f.RepairArgs),
        Warnings = [.. f.Warnings.Select(w => w with { Message = l.ImportWarningText(w) })],
        Suggestions = [.. f.Suggestions.Select(s => s with { Reason = l.LookAlikeReason(s.ReasonCode) })],
    };
}
