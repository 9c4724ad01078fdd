namespace KnowledgeOs.Storage.Relational;

/// <summary>The writer's one answer to a commit whose idempotency key is already stored.</summary>
public static class CommitChecks
{
    /// <summary>
    /// Null when the stored key was used for this very request (the caller gets the stored result, a duplicate);
    /// otherwise the conflict for "same key, other body": nothing is written.
    /// </summary>
    public static ConflictException? KeyReused(Commit commit, string storedHash) =>
        storedHash == (commit.RequestHash ?? "") ? null
            : ConflictException.IdempotencyKeyReused(commit.Team, commit.IdempotencyKey!);
}
