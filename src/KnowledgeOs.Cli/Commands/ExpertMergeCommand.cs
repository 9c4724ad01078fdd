namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos expert merge FROM INTO</c>: merges a near-twin into the expert it duplicates.</summary>
public sealed class ExpertMergeCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<ExpertMergeCommand.Settings>(time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : KosSettings
    {
        /// <summary>The twin.</summary>
        [CommandArgument(0, "<FROM>")]
        [Description("The expert to merge (a second record of the same person); it is retired and kept in the history.")]
        public string From { get; init; } = "";

        /// <summary>The survivor.</summary>
        [CommandArgument(1, "<INTO>")]
        [Description("The expert that receives FROM's items, tasks and names (as aliases).")]
        public string Into { get; init; } = "";

        /// <summary>Who makes the change.</summary>
        [CommandOption("--by <WHO>")]
        [Description("Who makes the change, recorded as the source manual:<who> (default: the OS user).")]
        public string? By { get; init; }
    }

    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        var result = await session.Service.MergeAsync(session.Team, settings.From, settings.Into, ManualSource.Of(settings.By), ct);
        if (settings.Json) Output.Json(console, result);
        else Output.Line(console, (await session.LabelsAsync(ct)).Merged(settings.From, settings.Into, result.EventCount));
        return ExitCodes.Ok;
    }
}
