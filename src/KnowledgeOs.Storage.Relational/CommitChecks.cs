namespace KnowledgeOs.Storage.Relational;

/// <summary>The writer's one answer to a commit whose idempotency key is already stored.</summary>
public static class CommitChecks
{
    /// <summary>The keys a commit is checked against and records, in order: the caller's (<see cref="Commit.CallerKey"/>), then its own.</summary>
    public static IEnumerable<(CommitKey Key, bool Caller)> Keys(Commit commit)
    {
        if (commit.CallerKey is { } caller) yield return (caller, true);
        if (commit.IdempotencyKey is { } key) yield return (new CommitKey(key, commit.RequestHash ?? ""), false);
    }

    /// <summary>
    /// Null when the stored key was used for this very request (the caller gets the stored result, a duplicate);
    /// otherwise the conflict for "same key, other body": nothing is written.
    /// </summary>
    public static ConflictException? KeyReused(Commit commit, CommitKey key, string storedHash) =>
        storedHash == key.RequestHash ? null : ConflictException.IdempotencyKeyReused(commit.Team, key.Key);
}
