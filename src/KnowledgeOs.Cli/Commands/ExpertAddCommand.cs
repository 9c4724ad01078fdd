using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos expert add</c>: onboards an expert.</summary>
public sealed class ExpertAddCommand(IAnsiConsole console, TimeProvider time) : WriteCommand<ExpertAddCommand.Settings>(console, time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : ExpertProfileSettings
    {
        /// <summary>The slug.</summary>
        [CommandArgument(0, "<SLUG>")]
        [Description("Ascii id of the expert, e.g. igor.")]
        public string Slug { get; init; } = "";
    }

    /// <inheritdoc/>
    protected override void CheckInput(Settings settings)
    {
        if (settings.Name is null || settings.Role is null)
            throw InputException.Of("Both --name and --role are required to onboard an expert.", settings.Name is null ? "--name" : "--role",
                ErrorCodes.FieldRequired, "", settings.Name is null ? "--name" : "--role");
        ExpertStatuses.ParseInput(settings.Status, "--status");
    }

    /// <inheritdoc/>
    protected override Task<WriteResult> WriteAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        var status = ExpertStatuses.ParseInput(settings.Status, "--status") ?? ExpertStatus.Active;
        var command = new OnboardExpert(settings.Slug, settings.Name!, settings.Role!, settings.Project ?? "", settings.Priority ?? 3,
            status, settings.Responsibility ?? "", settings.Duties, settings.Tags);
        return session.Service.OnboardAsync(session.Team, command, settings.SourceName, ct);
    }

    /// <inheritdoc/>
    protected override string Line(CliLabels labels, Settings settings, WriteResult result) => result.EventCount == 0
        ? labels.ExpertAlreadyOnboarded(settings.Slug)
        : labels.ExpertOnboarded(settings.Slug, settings.TeamSlug);
}
