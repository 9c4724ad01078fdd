using System.Globalization;
using KnowledgeOs.Experts;
using KnowledgeOs.Rendering;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos history</c>: each item of an expert with its source and every confirmation, now or at a past time.</summary>
public sealed class HistoryCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<HistoryCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : ExpertAsOfSettings
    {
        /// <summary>Only one section.</summary>
        [CommandOption("--section <SECTION>")]
        [Description("Only items of this section (e.g. learned, known, problem).")]
        public string? Section { get; init; }

        /// <summary>Hide retracted.</summary>
        [CommandOption("--active")]
        [Description("Leave out retracted items.")]
        public bool ActiveOnly { get; init; }
    }

    /// <inheritdoc/>
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        SectionKind? section = settings.Section is null ? null : SectionCatalog.ParseInput(settings.Section, "--section");
        await using var session = await KosSession.OpenAsync(settings, time, ct);
        var snapshot = await session.Service.GetAsync(session.Team, settings.Expert, session.AsOf, ct);
        var rows = HistoryView.Of(snapshot.State, section, includeRetracted: !settings.ActiveOnly);
        if (settings.Json)
        {
            Output.Json(console, rows);
            return ExitCodes.Ok;
        }
        var l = await session.LabelsAsync(ct);
        var table = Output.Table([.. l.HistoryColumns]);
        foreach (var r in rows)
        {
            var confirmations = r.Confirmations.Count == 0 ? "—"
                : string.Join("\n", r.Confirmations.Select(c => $"{c.Source} ({Day(c.At)})"));
            var text = r.Text.Length > 60 ? r.Text[..57] + "…" : r.Text;
            table.Row(r.ItemId, l.SectionLabel(r.Section), text, r.Source, Day(r.FirstAt), confirmations,
                l.ItemStatus(r.Status, r.RetractReason));
        }
        console.Write(table);
        Output.Line(console, l.HistorySummary(rows.Count, snapshot.State.Sources.Count, snapshot.State.Tasks.Count, snapshot.Version));
        return ExitCodes.Ok;
    }

    private static string Day(DateTimeOffset at) => at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
