using System.Globalization;
using KnowledgeOs.Rendering;
using KnowledgeOs.Application;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos route</c>: which of the team's experts a task should go to, and why (docs/RETRIEVAL.md).</summary>
public sealed class RouteCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<RouteCommand.Settings>(time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : KosSettings
    {
        /// <summary>Task text.</summary>
        [CommandArgument(0, "<TASK>")]
        [Description("The task text, in Russian or English (quote it).")]
        public string Task { get; init; } = "";

        /// <summary>How many.</summary>
        [CommandOption("--top <N>")]
        [Description("How many experts to show (default 5, at most 100).")]
        public int? Top { get; init; }

        /// <summary>Embedding provider.</summary>
        [CommandOption("--embeddings <PROVIDER>")]
        [Description("Also find items by meaning with the vectors of this provider (ollama:MODEL@URL or openai:MODEL@URL; default $KOS_EMBEDDINGS), fused with the word matches.")]
        public string? Embeddings { get; init; }
    }

    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        IReadOnlyList<KnowledgeOs.Retrieval.RoutedExpert> routed;
        using var embeddings = await CliEmbeddings.OpenAsync(session, settings.Embeddings, Time, ct);
        try
        {
            routed = await new RetrievalService(session.Service, embeddings?.Neighbours()).RouteAsync(session.Team, settings.Task, null, settings.Top ?? 5, ct);
        }
        catch (InputException ex) when (ex.Field is "task" or "top")
        {
            var option = ex.Field == "top" ? "--top" : "<TASK>";
            // The task's own code and wording, naming the option instead of the field.
            throw new InputException($"{option}: {ex.Message}", option, ex)
                .WithCode(ex.Code, [.. ex.Args.Select((a, i) => i == 0 && a == ex.Field ? option : a)]);
        }
        if (settings.Json)
        {
            Output.Json(console, routed);
            return ExitCodes.Ok;
        }
        var l = await session.LabelsAsync(ct);
        if (routed.Count == 0)
        {
            Output.Line(console, l.NoRoute(session.Team));
            return ExitCodes.Ok;
        }
        var table = Output.Table([.. l.RouteColumns]);
        foreach (var r in routed)
            table.Row(r.Rank, $"{r.Expert} ({r.DisplayName})", r.Role, r.Score.ToString("0.00", CultureInfo.InvariantCulture), l.RouteWhy(r));
        console.Write(table);
        return ExitCodes.Ok;
    }
}
