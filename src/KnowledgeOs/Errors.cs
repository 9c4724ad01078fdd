namespace KnowledgeOs;

/// <summary>An error a user can act on. Its type says what kind; each host maps that to its own answer (the CLI's exit code, an HTTP status).</summary>
public abstract class KnowledgeOsException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Bad input: a file, line or field that is wrong. Nothing was written.</summary>
public class InputException(string message, string? field = null, Exception? inner = null) : KnowledgeOsException(message, inner)
{
    /// <summary>The field, file or line at fault, when known (<c>participants[0].outcome</c>).</summary>
    public string? Field { get; } = field;
}

/// <summary>Input over a documented limit (docs/LIMITS.md): too many items, participants, characters or events. Nothing was written.</summary>
/// <param name="message">What is over which limit, naming the field.</param>
/// <param name="field">The field at fault (<c>participants[0].newKnowledge</c>).</param>
/// <param name="limit">The limit's name in <see cref="Learning.ReportLimits"/> (<c>MaxItemsPerParticipant</c>).</param>
/// <param name="max">The limit's value.</param>
public sealed class LimitExceededException(string message, string field, string limit, int max) : InputException(message, field)
{
    /// <summary>The limit's name in <see cref="Learning.ReportLimits"/>.</summary>
    public string Limit { get; } = limit;
    /// <summary>The limit's value.</summary>
    public int Max { get; } = max;
}

/// <summary>A write lost a race or contradicts what is stored (a version, an idempotency key). Nothing was written.</summary>
public sealed class ConflictException(string message, Exception? inner = null) : KnowledgeOsException(message, inner)
{
    /// <summary>
    /// The one answer to "same idempotency key, other request", in the store and at HTTP alike (409, exit code 3); the
    /// message names the key.
    /// </summary>
    public static ConflictException IdempotencyKeyReused(string team, string key) =>
        new($"Idempotency key '{key}' of team '{team}' was already used for a different request; nothing was written.");

    /// <summary>
    /// A report for a task already learned from other content, in a reader's words: the store's answer (naming the
    /// key) and how to apply the report as a revision instead, at every interface.
    /// </summary>
    public static ConflictException TaskLearnedWithOtherContent(string team, string taskId, string key, Exception? inner = null) =>
        new($"{IdempotencyKeyReused(team, key).Message} Task {taskId} was already learned from other content. "
            + $"To apply this report as a revision of the task, amend it: `kos learn FILE --amend` "
            + $"(HTTP: POST /api/v1/teams/{team}/reports?amend=true; MCP: learn_from_report with amend: true).", inner);
}

/// <summary>
/// A write named the version it expects (HTTP <c>If-Match</c>, <c>--expected-version</c>) and the expert is at another:
/// the caller's copy is stale and must be reloaded. Nothing was written. A lost race the service retries itself is not this.
/// </summary>
public sealed class StaleVersionException(string message) : KnowledgeOsException(message);

/// <summary>An expert, item or team that does not exist.</summary>
public sealed class NotFoundException(string message) : KnowledgeOsException(message);

/// <summary>The store cannot be opened or written (not a database, read-only, locked too long).</summary>
public sealed class StorageException(string message, Exception? inner = null) : KnowledgeOsException(message, inner);
