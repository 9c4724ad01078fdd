using KnowledgeOs.Events;
using KnowledgeOs.Experts;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos expert change</c>: changes profile fields of an expert.</summary>
public sealed class ExpertChangeCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<ExpertChangeCommand.Settings>
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
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        var status = ExpertStatuses.ParseInput(settings.Status, "--status");
        await using var session = await KosSession.OpenAsync(settings, time, ct);
        var command = new ChangeExpert(settings.Name, settings.Role, settings.Project, settings.Priority, status,
            settings.Responsibility, settings.Duties, settings.Tags);
        var result = await session.Service.ChangeAsync(session.Team, settings.Slug, command, settings.SourceName, settings.ExpectedVersion, ct);
        if (settings.Json) Output.Json(console, result);
        else Output.Line(console, result.EventCount == 0 ? "Nothing differs; nothing changed." : $"Changed {settings.Slug} (version {result.Changes[0].Version}).");
        return ExitCodes.Ok;
    }
}
