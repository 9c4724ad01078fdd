using KnowledgeOs.Application;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos expert merge FROM INTO</c>: merges a near-twin into the expert it duplicates.</summary>
public sealed class ExpertMergeCommand(IAnsiConsole console, TimeProvider time) : WriteCommand<ExpertMergeCommand.Settings>(console, time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : ChangeSettings
    {
        /// <summary>The twin.</summary>
        [CommandArgument(0, "<FROM>")]
        [Description("The expert to merge (a second record of the same person); it is retired and kept in the history.")]
        public string From { get; init; } = "";

        /// <summary>The survivor.</summary>
        [CommandArgument(1, "<INTO>")]
        [Description("The expert that receives FROM's items, tasks and names (as aliases).")]
        public string Into { get; init; } = "";
    }

    /// <inheritdoc/>
    protected override Task<WriteResult> WriteAsync(KosSession session, Settings settings, CancellationToken ct) =>
        session.Service.MergeAsync(session.Team, settings.From, settings.Into, settings.SourceName, ct);

    /// <inheritdoc/>
    protected override string Line(CliLabels labels, Settings settings, WriteResult result) =>
        labels.Merged(settings.From, settings.Into, result.EventCount);
}
