namespace KnowledgeOs.Cli.Commands;

/// <summary>Profile options shared by <c>expert add</c> and <c>expert change</c>; who makes the change (<c>--by</c>) as every change by hand takes it (<see cref="ChangeSettings"/>).</summary>
public class ExpertProfileSettings : ChangeSettings
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
}
