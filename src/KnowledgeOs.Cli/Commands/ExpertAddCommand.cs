using KnowledgeOs.Events;
using KnowledgeOs.Experts;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos expert add</c>: onboards an expert.</summary>
public sealed class ExpertAddCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<ExpertAddCommand.Settings>
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
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        if (settings.Name is null || settings.Role is null)
            throw InputException.Of("Both --name and --role are required to onboard an expert.", settings.Name is null ? "--name" : "--role",
                ErrorCodes.FieldRequired, "", settings.Name is null ? "--name" : "--role");
        var status = ExpertStatuses.ParseInput(settings.Status, "--status") ?? ExpertStatus.Active;
        await using var session = await KosSession.OpenAsync(settings, time, ct);
        var command = new OnboardExpert(settings.Slug, settings.Name, settings.Role, settings.Project ?? "", settings.Priority ?? 3,
            status, settings.Responsibility ?? "", settings.Duties, settings.Tags);
        var result = await session.Service.OnboardAsync(session.Team, command, settings.SourceName, ct);
        if (settings.Json) Output.Json(console, result);
        else Output.Line(console, result.EventCount == 0 ? $"{settings.Slug} already onboarded; nothing changed." : $"Onboarded {settings.Slug} in team {session.Team}.");
        return ExitCodes.Ok;
    }
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
