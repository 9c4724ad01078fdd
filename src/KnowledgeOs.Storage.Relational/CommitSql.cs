namespace KnowledgeOs.Storage.Relational;

/// <summary>The writer's SQL that is the same text on every database: checks, stream and key rows, the expert row, savepoints.</summary>
public static class CommitSql
{
    /// <summary>A stored idempotency key's request hash, last position and event count.</summary>
    public static readonly SqlStatement FindKey = new(
        "SELECT request_hash, last_position, event_count FROM idempotency WHERE team = @team AND key = @key", "team", "key");

    /// <summary>A stream's version (no row: 0).</summary>
    public static readonly SqlStatement StreamVersion = new("SELECT version FROM streams WHERE stream = @stream", "stream");

    /// <summary>A stream's version and last position after its events.</summary>
    public static readonly SqlStatement UpsertStream = new("""
        INSERT INTO streams (stream, team, expert, version, position) VALUES (@stream, @team, @expert, @version, @position)
        ON CONFLICT (stream) DO UPDATE SET version = excluded.version, position = excluded.position
        """, "stream", "team", "expert", "version", "position");

    /// <summary>A commit's idempotency key, written with the commit that first used it.</summary>
    public static readonly SqlStatement SaveKey = new("""
        INSERT INTO idempotency (team, key, request_hash, last_position, event_count, recorded_at)
        VALUES (@team, @key, @hash, @position, @count, @at)
        """, "team", "key", "hash", "position", "count", "at");

    /// <summary>
    /// An expert's row; without a new snapshot (@json null) the row keeps its state_json and state_version, and loads
    /// fold the events after it. The casts tell PostgreSQL what a null @json is.
    /// </summary>
    public static readonly SqlStatement UpsertExpert = new("""
        INSERT INTO experts (team, slug, version, display_name, role, status, state_json, state_version)
        VALUES (@team, @slug, @version, @name, @role, @status, coalesce(CAST(@json AS text), ''), @version)
        ON CONFLICT (team, slug) DO UPDATE SET version = excluded.version, display_name = excluded.display_name,
            role = excluded.role, status = excluded.status,
            state_json = coalesce(CAST(@json AS text), experts.state_json),
            state_version = CASE WHEN CAST(@json AS text) IS NULL THEN experts.state_version ELSE excluded.version END
        """, "team", "slug", "version", "name", "role", "status", "json");

    /// <summary>Opens the savepoint one commit of a batch runs in.</summary>
    public static readonly SqlStatement Savepoint = new("SAVEPOINT c");

    /// <summary>Keeps a commit's writes.</summary>
    public static readonly SqlStatement Release = new("RELEASE SAVEPOINT c");

    /// <summary>Undoes a commit's writes, leaving the rest of the batch (then <see cref="Release"/> ends the savepoint).</summary>
    public static readonly SqlStatement RollbackTo = new("ROLLBACK TO SAVEPOINT c");
}
