namespace KnowledgeOs;

/// <summary>
/// A setting's environment default, read one way everywhere (CLI options, the server's arguments, embeddings):
/// a variable counts when it is set and not empty.
/// </summary>
public static class EnvironmentDefault
{
    /// <summary>The variable's value when it is set and not empty, else null.</summary>
    public static string? Value(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;

    /// <summary>The option's value, else the variable's, else null.</summary>
    public static string? Of(string? given, string variable) => given ?? Value(variable);
}
