namespace KnowledgeOs.Bench;

/// <summary>A benchmark run by name from the command line; results go to standard output as Markdown.</summary>
public interface IBench
{
    /// <summary>The subcommand name (<c>store</c>).</summary>
    string Name { get; }

    /// <summary>One line for the usage text.</summary>
    string Description { get; }

    /// <summary>Runs with the arguments after the name; returns the exit code.</summary>
    Task<int> RunAsync(string[] args, CancellationToken ct);
}
