namespace KnowledgeOs.Storage.Relational;

/// <summary>
/// The store's projection generation: a one-row counter that a writing rebuild bumps in its exclusive transaction, so
/// a process keeping projections in memory (a server) sees that they were replaced although the log's head did not move.
/// </summary>
public static class ProjectionGenerationSql
{
    /// <summary>A scalar: the current generation (0 until the first writing rebuild).</summary>
    public const string Read = "SELECT generation FROM projection_generation";

    /// <summary>Bumps the generation; part of the rebuild's transaction.</summary>
    public static readonly SqlStatement Bump = new("UPDATE projection_generation SET generation = generation + 1");
}
