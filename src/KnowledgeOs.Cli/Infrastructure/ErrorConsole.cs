namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>Standard error, for a command that prints its results and still has to end with an <c>error:</c> line.</summary>
/// <param name="Console">The console writing to standard error.</param>
public sealed record ErrorConsole(IAnsiConsole Console)
{
    /// <summary>Writes one <c>error: …</c> line.</summary>
    public void Line(string message) => CliErrors.Write(Console, message);
}
