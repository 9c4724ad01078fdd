using System.ComponentModel;
using KnowledgeOs.Cli.Infrastructure;
using KnowledgeOs.Sections;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos history</c>: each item of an expert with its source and every confirmation.</summary>
public sealed class HistoryCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<HistoryCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : KosSettings
    {
        /// <summary>The expert.</summary>
        [CommandArgument(0, "<EXPERT>")]
        [Description("The expert's slug.")]
        public string Expert { get; init; } = "";

        /// <summary>Show retracted too.</summary>
        [CommandOption("--all")]
        [Description("Include retracted items.")]
        public bool All { get; init; }
    }

    /// <inheritdoc/>
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        await using var session = await KosSession.OpenAsync(settings, time, ct);
        var snapshot = await session.Service.GetAsync(session.Team, settings.Expert, null, ct);
        var items = snapshot.State.Items.Values.Where(i => settings.All || i.IsActive)
            .OrderBy(i => SectionCatalog.All.ToList().FindIndex(s => s.Kind == i.Section)).ThenBy(i => i.Order).ToList();
        if (settings.Json)
        {
            Output.Json(console, items);
            return ExitCodes.Ok;
        }
        var table = Output.Table("id", "section", "item", "first source", "first at", "confirmations", "status");
        foreach (var i in items)
        {
            var confirmations = i.Confirmations.Count == 0 ? "—"
                : string.Join("\n", i.Confirmations.Select(c => $"{c.Source} ({c.At:yyyy-MM-dd})"));
            var text = i.Text.Length > 60 ? i.Text[..57] + "…" : i.Text;
            table.Row(i.Id, i.Section.Code(), text, i.Source, i.FirstAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                confirmations, i.IsActive ? "active" : $"retracted: {i.RetractReason}");
        }
        console.Write(table);
        Output.Line(console, $"{items.Count} items, {snapshot.State.Sources.Count} sources, {snapshot.State.Tasks.Count} tasks, version {snapshot.Version}.");
        return ExitCodes.Ok;
    }
}
