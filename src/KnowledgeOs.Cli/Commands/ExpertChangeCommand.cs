using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos expert change</c>: changes profile fields of an expert.</summary>
public sealed class ExpertChangeCommand(IAnsiConsole console, TimeProvider time) : WriteCommand<ExpertChangeCommand.Settings>(console, time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : ExpertProfileSettings
    {
        /// <summary>The slug.</summary>
        [CommandArgument(0, "<SLUG>")]
        [Description("The expert to change.")]
        public string Slug { get; init; } = "";

        /// <summary>Optimistic concurrency guard.</summary>
        [CommandOption("--expected-version <N>")]
        [Description("Fail (exit 3) unless the expert is at this version.")]
        public long? ExpectedVersion { get; init; }
    }

    /// <inheritdoc/>
    protected override void CheckInput(Settings settings) => ExpertStatuses.ParseInput(settings.Status, "--status");

    /// <inheritdoc/>
    protected override Task<WriteResult> WriteAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        var command = new ChangeExpert(settings.Name, settings.Role, settings.Project, settings.Priority, ExpertStatuses.ParseInput(settings.Status, "--status"),
            settings.Responsibility, settings.Duties, settings.Tags);
        return session.Service.ChangeAsync(session.Team, settings.Slug, command, settings.SourceName, settings.ExpectedVersion, ct);
    }

    /// <inheritdoc/>
    protected override string Line(CliLabels labels, Settings settings, WriteResult result) =>
        result.EventCount == 0 ? labels.ExpertUnchanged : labels.ExpertChanged(settings.Slug, result.Changes[0].Version);
}
