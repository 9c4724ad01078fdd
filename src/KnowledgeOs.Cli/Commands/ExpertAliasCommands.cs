using KnowledgeOs.Events;
using KnowledgeOs.Application;
using KnowledgeOs.Experts;
using KnowledgeOs.Rendering;

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
public sealed class ExpertAliasAddCommand(IAnsiConsole console, TimeProvider time) : WriteCommand<AliasSettings>(console, time)
{
    /// <inheritdoc/>
    protected override Task<WriteResult> WriteAsync(KosSession session, AliasSettings settings, CancellationToken ct) =>
        session.Service.DecideAsync(session.Team, settings.Expert, (state, at) => ExpertDecider.AddAlias(state, settings.Name, AliasKind.Manual, settings.SourceName, at), ct);

    /// <inheritdoc/>
    protected override string Line(CliLabels labels, AliasSettings settings, WriteResult result) => result.EventCount == 0
        ? labels.AliasAlreadyThere(settings.Expert, settings.Name)
        : labels.AliasAdded(settings.Expert, settings.Name);
}

/// <summary><c>kos expert alias remove</c>: withdraws an alias (kept in the history).</summary>
public sealed class ExpertAliasRemoveCommand(IAnsiConsole console, TimeProvider time) : WriteCommand<AliasSettings>(console, time)
{
    /// <inheritdoc/>
    protected override Task<WriteResult> WriteAsync(KosSession session, AliasSettings settings, CancellationToken ct) =>
        session.Service.DecideAsync(session.Team, settings.Expert, (state, at) => ExpertDecider.RemoveAlias(state, settings.Name, settings.SourceName, at), ct);

    /// <inheritdoc/>
    protected override string Line(CliLabels labels, AliasSettings settings, WriteResult result) => result.EventCount == 0
        ? labels.NoSuchAlias(settings.Expert, settings.Name)
        : labels.AliasRemoved(settings.Expert, settings.Name);
}
