using System.Globalization;
using KnowledgeOs.Rendering;
using KnowledgeOs.Application;
using KnowledgeOs.Retrieval;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos route</c>: which of the team's experts a task should go to, and why (docs/RETRIEVAL.md).</summary>
public sealed class RouteCommand(IAnsiConsole console, TimeProvider time) : ReadCommand<RouteCommand.Settings, IReadOnlyList<RoutedExpert>>(console, time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : RetrievalSettings
    {
        /// <summary>Task text.</summary>
        [CommandArgument(0, "<TASK>")]
        [Description("The task text, in Russian or English (quote it).")]
        public string Task { get; init; } = "";

        /// <summary>How many.</summary>
        [CommandOption("--top <N>")]
        [Description("How many experts to show (default 5, at most 100).")]
        public int? Top { get; init; }
    }

    /// <inheritdoc/>
    protected override async Task<IReadOnlyList<RoutedExpert>> ReadAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        using var embeddings = await settings.OpenEmbeddingsAsync(session, Time, ct);
        try
        {
            return await new RetrievalService(session.Service, embeddings?.Neighbours()).RouteAsync(session.Team, settings.Task, null, settings.Top ?? 5, ct);
        }
        catch (InputException ex) when (ex.Field is "task" or "top")
        {
            var option = ex.Field == "top" ? "--top" : "<TASK>";
            // The task's own code and wording, naming the option instead of the field.
            throw new InputException($"{option}: {ex.Message}", option, ex)
                .WithCode(ex.Code, [.. ex.Args.Select((a, i) => i == 0 && a == ex.Field ? option : a)]);
        }
    }

    /// <inheritdoc/>
    protected override void Show(CliLabels l, KosSession session, Settings settings, IReadOnlyList<RoutedExpert> routed)
    {
        if (routed.Count == 0)
        {
            Output.Line(Console, l.NoRoute(session.Team));
            return;
        }
        var table = Output.Table([.. l.RouteColumns]);
        foreach (var r in routed)
            table.Row(r.Rank, $"{r.Expert} ({r.DisplayName})", r.Role, r.Score.ToString("0.00", CultureInfo.InvariantCulture), l.RouteWhy(r));
        Console.Write(table);
    }
}
