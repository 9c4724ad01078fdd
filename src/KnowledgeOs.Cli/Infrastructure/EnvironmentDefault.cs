namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>An option's value after its environment default: what the command line gave, else the variable's when it is set and not empty.</summary>
public static class EnvironmentDefault
{
    /// <summary>The option's value, else the variable's, else null.</summary>
    public static string? Of(string? given, string variable) =>
        given ?? (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null);
}
