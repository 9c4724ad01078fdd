namespace KnowledgeOs.Storage.Relational;

/// <summary>The statements that empty the projection tables before they are written again from whole states (rebuild, archive import).</summary>
public static class ProjectionSql
{
    /// <summary>Every item row.</summary>
    public static readonly SqlStatement DeleteItems = new("DELETE FROM items");

    /// <summary>Every expert row.</summary>
    public static readonly SqlStatement DeleteExperts = new("DELETE FROM experts");

    /// <summary>Every stream row.</summary>
    public static readonly SqlStatement DeleteStreams = new("DELETE FROM streams");
}
