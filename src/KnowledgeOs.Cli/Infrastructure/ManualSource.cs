namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>The source a change made by hand is recorded under (<c>--by</c>, as <see cref="ChangeSettings"/> takes it).</summary>
public static class ManualSource
{
    /// <summary><c>manual:&lt;who&gt;</c>: the name given with <c>--by</c>, else the OS user.</summary>
    public static string Of(string? by) => "manual:" + (by ?? Environment.UserName);
}
