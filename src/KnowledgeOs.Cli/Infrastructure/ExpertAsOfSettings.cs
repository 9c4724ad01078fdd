namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>The read commands on one expert's record, now or at a past point of view (<c>kos render</c>, <c>kos history</c>).</summary>
public class ExpertAsOfSettings : AsOfSettings
{
    /// <summary>The expert.</summary>
    [CommandArgument(0, "<EXPERT>")]
    [Description("The expert's slug.")]
    public string Expert { get; init; } = "";
}
