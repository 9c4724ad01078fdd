using System.Globalization;
using KnowledgeOs.Experts;
using KnowledgeOs.Rendering;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos history</c>: each item of an expert with its source and every confirmation, now or at a past time.</summary>
public sealed class HistoryCommand(IAnsiConsole console, TimeProvider time) : ReadCommand<HistoryCommand.Settings, HistoryCommand.Found>(console, time)
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

    /// <summary>The expert's rows and the snapshot they come from (its sources, tasks and version make the summary).</summary>
    public sealed record Found(IReadOnlyList<HistoryRow> Rows, Snapshot Snapshot);

    /// <inheritdoc/>
    protected override void CheckInput(Settings settings) => Section(settings);

    /// <inheritdoc/>
    protected override async Task<Found> ReadAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        var snapshot = await session.Service.GetAsync(session.Team, settings.Expert, session.AsOf, ct);
        return new(HistoryView.Of(snapshot.State, Section(settings), includeRetracted: !settings.ActiveOnly), snapshot);
    }

    /// <inheritdoc/>
    protected override object Json(Found answer) => answer.Rows;

    /// <inheritdoc/>
    protected override void Show(CliLabels l, KosSession session, Settings settings, Found answer)
    {
        var (rows, snapshot) = answer;
        var table = Output.Table([.. l.HistoryColumns]);
        foreach (var r in rows)
        {
            var confirmations = r.Confirmations.Count == 0 ? "—"
                : string.Join("\n", r.Confirmations.Select(c => $"{c.Source} ({Day(c.At)})"));
            var text = r.Text.Length > 60 ? r.Text[..57] + "…" : r.Text;
            table.Row(r.ItemId, l.SectionLabel(r.Section), text, r.Source, Day(r.FirstAt), confirmations,
                l.ItemStatus(r.Status, r.RetractReason));
        }
        Console.Write(table);
        Output.Line(Console, l.HistorySummary(rows.Count, snapshot.State.Sources.Count, snapshot.State.Tasks.Count, snapshot.Version));
    }

    private static SectionKind? Section(Settings settings) =>
        settings.Section is null ? null : SectionCatalog.ParseInput(settings.Section, "--section");

    private static string Day(DateTimeOffset at) => at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
