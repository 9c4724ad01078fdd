using System.ComponentModel;
using KnowledgeOs.Experts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>Options every command has: where the data is, which team, and the output form.</summary>
public class KosSettings : CommandSettings
{
    /// <summary>The database file.</summary>
    [CommandOption("--data <PATH>")]
    [Description("Database file (default: $KOS_DATA, else ./kos-data/kos.db).")]
    public string? Data { get; init; }

    /// <summary>The team.</summary>
    [CommandOption("--team <SLUG>")]
    [Description("Team slug (default: $KOS_TEAM, else 'default').")]
    public string? Team { get; init; }

    /// <summary>Machine-readable output.</summary>
    [CommandOption("--json")]
    [Description("Print JSON instead of tables, for scripting.")]
    public bool Json { get; init; }

    /// <summary>The database path after defaults.</summary>
    public string DataPath =>
        Data ?? (Environment.GetEnvironmentVariable("KOS_DATA") is { Length: > 0 } env ? env : Path.Combine("kos-data", "kos.db"));

    /// <summary>The team after defaults.</summary>
    public string TeamSlug => Team ?? (Environment.GetEnvironmentVariable("KOS_TEAM") is { Length: > 0 } t ? t : "default");

    /// <inheritdoc/>
    public override ValidationResult Validate()
    {
        try
        {
            ExpertDecider.ValidateSlug(TeamSlug, "--team");
        }
        catch (InputException ex)
        {
            return ValidationResult.Error(ex.Message);
        }
        return ValidationResult.Success();
    }
}
