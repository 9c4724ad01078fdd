namespace KnowledgeOs.Cli.Infrastructure;

/// <summary>Process exit codes of <c>kos</c>.</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;
    /// <summary>The command line is wrong.</summary>
    public const int Usage = 1;
    /// <summary>An input file or field is wrong.</summary>
    public const int Input = 2;
    /// <summary>A concurrency or idempotency conflict.</summary>
    public const int Conflict = 3;
    /// <summary>Something named does not exist.</summary>
    public const int NotFound = 4;
    /// <summary>The store cannot be used.</summary>
    public const int Storage = 5;
}
