namespace KnowledgeOs.Postgres;

/// <summary>The statements on the log head, the one row holding the newest committed position: reading it, and the lock
/// every appending transaction of every server takes first, so appends commit one after another in position order.</summary>
internal static class PgLogHead
{
    /// <summary>The newest committed position.</summary>
    public const string Read = "SELECT position FROM log_head";

    /// <summary>The newest committed position, the row locked for this transaction.</summary>
    public const string Lock = Read + " FOR UPDATE";

    /// <summary>Moves the head to <c>@position</c>.</summary>
    public const string Move = "UPDATE log_head SET position = @position";
}
