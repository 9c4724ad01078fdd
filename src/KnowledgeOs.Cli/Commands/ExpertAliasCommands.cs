using KnowledgeOs.Events;
using KnowledgeOs.Experts;

namespace KnowledgeOs.Cli.Commands;

/// <summary>Options of the alias commands: the expert and the name.</summary>
public class AliasSettings : ItemSettings
{
    /// <summary>The other name.</summary>
    [CommandArgument(1, "<NAME>")]
    [Description("Another name of the expert, in any script (Андрей, Yuliya, an earlier name).")]
    public string Name { get; init; } = "";
}

/// <summary><c>kos expert alias add</c>: records another name an expert is known by, so reports naming it find the expert.</summary>
public sealed class ExpertAliasAddCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<AliasSettings>(time)
{
    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, AliasSettings settings, CancellationToken ct)
    {
        var result = await session.Service.DecideAsync(session.Team, settings.Expert,
            (state, at) => ExpertDecider.AddAlias(state, settings.Name, AliasKind.Manual, settings.SourceName, at), ct);
        await ItemSettings.ReportAsync(console, session, settings, result, l => l.AliasAdded(settings.Expert, settings.Name),
            l => l.AliasAlreadyThere(settings.Expert, settings.Name), ct);
        return ExitCodes.Ok;
    }
}

/// <summary><c>kos expert alias remove</c>: withdraws an alias (kept in the history).</summary>
public sealed class ExpertAliasRemoveCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<AliasSettings>(time)
{
    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, AliasSettings settings, CancellationToken ct)
    {
        var result = await session.Service.DecideAsync(session.Team, settings.Expert,
            (state, at) => ExpertDecider.RemoveAlias(state, settings.Name, settings.SourceName, at), ct);
        await ItemSettings.ReportAsync(console, session, settings, result, l => l.AliasRemoved(settings.Expert, settings.Name),
            l => l.NoSuchAlias(settings.Expert, settings.Name), ct);
        return ExitCodes.Ok;
    }
}
