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

/// <summary>Profile options shared by <c>expert add</c> and <c>expert change</c>.</summary>
public class ExpertProfileSettings : KosSettings
{
    /// <summary>Display name.</summary>
    [CommandOption("--name <NAME>")]
    [Description("Display name, e.g. Игорь.")]
    public string? Name { get; init; }

    /// <summary>Role.</summary>
    [CommandOption("--role <ROLE>")]
    [Description("Role, e.g. \"Backend Developer\".")]
    public string? Role { get; init; }

    /// <summary>Project.</summary>
    [CommandOption("--project <PROJECT>")]
    [Description("Project the expert works on, e.g. ATRA.")]
    public string? Project { get; init; }

    /// <summary>Priority.</summary>
    [CommandOption("--priority <N>")]
    [Description("Priority, 1 is highest (default 3).")]
    public int? Priority { get; init; }

    /// <summary>Status.</summary>
    [CommandOption("--status <STATUS>")]
    [Description("active, paused or retired.")]
    public string? Status { get; init; }

    /// <summary>Responsibility.</summary>
    [CommandOption("--responsibility <TEXT>")]
    [Description("What the expert is responsible for.")]
    public string? Responsibility { get; init; }

    /// <summary>Key duties.</summary>
    [CommandOption("--duty <TEXT>")]
    [Description("A key duty; repeat for several.")]
    public string[]? Duties { get; init; }

    /// <summary>Tags.</summary>
    [CommandOption("--tag <TAG>")]
    [Description("An expertise tag; repeat for several.")]
    public string[]? Tags { get; init; }

    /// <summary>Who makes the change.</summary>
    [CommandOption("--by <WHO>")]
    [Description("Who makes the change, recorded as the source manual:<who> (default: the OS user).")]
    public string? By { get; init; }

    /// <summary>The source recorded on the events.</summary>
    public string SourceName => ManualSource.Of(By);
}
