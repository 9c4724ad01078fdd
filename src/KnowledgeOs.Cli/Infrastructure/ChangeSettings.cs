namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>The commands that change an expert by hand: who makes the change, recorded as its source.</summary>
public class ChangeSettings : KosSettings
{
    /// <summary>Who makes the change.</summary>
    [CommandOption("--by <WHO>")]
    [Description("Who makes the change, recorded as the source manual:<who> (default: the OS user).")]
    public string? By { get; init; }

    /// <summary>The source recorded on the events (<c>manual:&lt;who&gt;</c>).</summary>
    public string SourceName => ManualSource.Of(By);
}
