namespace KnowledgeOs;

/// <summary>An error a user can act on. Its type says what kind; each host maps that to its own answer (the CLI's exit code, an HTTP status).</summary>
/// <remarks>
/// <see cref="Exception.Message"/> is English and stays as it is (problem+json's <c>detail</c>, the CLI's stderr); an
/// error a person can hit also carries a stable <see cref="Code"/> (<see cref="ErrorCodes"/>) and the <see cref="Args"/>
/// it is worded from in another language (<c>ErrorLabels</c>).
/// </remarks>
public abstract class KnowledgeOsException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Stable machine code (<see cref="ErrorCodes"/>); empty for an error worded only in English.</summary>
    public string Code { get; internal set; } = "";

    /// <summary>The values the message is worded from, in the order of its code's wording.</summary>
    public IReadOnlyList<string> Args { get; internal set; } = [];
}

/// <summary>Giving an error its code.</summary>
public static class KnowledgeOsExceptionCodes
{
    /// <summary>The error with a code (<see cref="ErrorCodes"/>) and the arguments its wordings take.</summary>
    public static TException WithCode<TException>(this TException error, string code, params string[] args) where TException : KnowledgeOsException
    {
        ArgumentNullException.ThrowIfNull(error);
        error.Code = code;
        error.Args = args;
        return error;
    }
}

/// <summary>Bad input: a file, line or field that is wrong. Nothing was written.</summary>
public class InputException(string message, string? field = null, Exception? inner = null) : KnowledgeOsException(message, inner)
{
    /// <summary>An error with a code.</summary>
    public static InputException Of(string message, string? field, string code, params string[] args)
    {
        var error = new InputException(message, field);
        return error.WithCode(code, args);
    }

    /// <summary>The field, file or line at fault, when known (<c>participants[0].outcome</c>).</summary>
    public string? Field { get; } = field;
}

/// <summary>Input over a documented limit (docs/LIMITS.md): too many items, participants, characters or events. Nothing was written.</summary>
/// <param name="message">What is over which limit, naming the field.</param>
/// <param name="field">The field at fault (<c>participants[0].newKnowledge</c>).</param>
/// <param name="limit">The limit's name in <see cref="Learning.ReportLimits"/> (<c>MaxItemsPerParticipant</c>).</param>
/// <param name="max">The limit's value.</param>
public sealed class LimitExceededException : InputException
{
    /// <summary>An error naming the field over the limit.</summary>
    public LimitExceededException(string message, string field, string limit, int max) : base(message, field)
    {
        Limit = limit;
        Max = max;
        this.WithCode(ErrorCodes.LimitExceeded, field, limit, max.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The limit's name in <see cref="Learning.ReportLimits"/>.</summary>
    public string Limit { get; }
    /// <summary>The limit's value.</summary>
    public int Max { get; }
}

/// <summary>A write lost a race or contradicts what is stored (a version, an idempotency key). Nothing was written.</summary>
public sealed class ConflictException(string message, Exception? inner = null) : KnowledgeOsException(message, inner)
{
    /// <summary>
    /// The one answer to "same idempotency key, other request", in the store and at HTTP alike (409, exit code 3); the
    /// message names the key.
    /// </summary>
    public static ConflictException IdempotencyKeyReused(string team, string key)
    {
        var error = new ConflictException($"Idempotency key '{key}' of team '{team}' was already used for a different request; nothing was written.");
        return error.WithCode(ErrorCodes.IdempotencyKeyReused, key, team);
    }

    /// <summary>
    /// True when this is <see cref="IdempotencyKeyReused"/> for <paramref name="key"/> itself: a commit may carry two
    /// keys (its own and the caller's), and only the one named tells which request was refused.
    /// </summary>
    public bool IsKeyReused(string key) =>
        Code == ErrorCodes.IdempotencyKeyReused && Args.Count > 0 && Args[0] == key;

    /// <summary>
    /// A report for a task already learned from other content, in a reader's words: the store's answer (naming the
    /// key) and how to apply the report as a revision instead, at every interface.
    /// </summary>
    public static ConflictException TaskLearnedWithOtherContent(string team, string taskId, string key, Exception? inner = null) =>
        new ConflictException($"{IdempotencyKeyReused(team, key).Message} Task {taskId} was already learned from other content. "
            + $"To apply this report as a revision of the task, amend it: `kos learn FILE --amend` "
            + $"(HTTP: POST /api/v1/teams/{team}/reports?amend=true; MCP: learn_from_report with amend: true).", inner)
            .WithCode(ErrorCodes.TaskLearnedWithOtherContent, key, team, taskId);
}

/// <summary>
/// A write named the version it expects (HTTP <c>If-Match</c>, <c>--expected-version</c>) and the expert is at another:
/// the caller's copy is stale and must be reloaded. Nothing was written. A lost race the service retries itself is not this.
/// </summary>
public sealed class StaleVersionException(string message) : KnowledgeOsException(message)
{
    /// <summary>The expert is at <paramref name="version"/>, not <paramref name="expected"/>.</summary>
    public static StaleVersionException Of(string slug, long version, long expected)
    {
        var error = new StaleVersionException($"Expert '{slug}' is at version {version}, not {expected}; reload it and try again with its version.");
        return error.WithCode(ErrorCodes.StaleVersion, slug, version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            expected.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>An expert, item or team that does not exist.</summary>
public sealed class NotFoundException(string message) : KnowledgeOsException(message)
{
    /// <summary>The team has no expert with this slug.</summary>
    public static NotFoundException Expert(string team, string slug) =>
        Of($"Team '{team}' has no expert '{slug}'.", ErrorCodes.ExpertNotFound, team, slug);

    /// <summary>The expert has no item with this id.</summary>
    public static NotFoundException Item(string slug, string itemId) =>
        Of($"{slug} has no item '{itemId}'.", ErrorCodes.ItemNotFound, slug, itemId);

    /// <summary>The team had no expert yet at a past point of view.</summary>
    public static NotFoundException TeamEmptyAt(string team, Storage.AsOf at)
    {
        ArgumentNullException.ThrowIfNull(at);
        return Of($"Team '{team}' had no experts yet {at}.", ErrorCodes.TeamEmptyAt, [team, .. PointOfView(at)]);
    }

    /// <summary>The expert had no knowledge base yet at a past point of view.</summary>
    public static NotFoundException ExpertEmptyAt(string slug, Storage.AsOf at)
    {
        ArgumentNullException.ThrowIfNull(at);
        return Of($"Expert '{slug}' had no knowledge base yet {at}.", ErrorCodes.ExpertEmptyAt, [slug, .. PointOfView(at)]);
    }

    /// <summary>A point of view as a code's arguments: <c>valid</c> or <c>recorded</c>, and the time as the message shows it.</summary>
    private static string[] PointOfView(Storage.AsOf at) =>
        [at.Axis == Storage.TimeAxis.Valid ? "valid" : "recorded", at.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "Z"];

    /// <summary>The team has no expert at all.</summary>
    public static NotFoundException TeamEmpty(string team) => Of($"Team '{team}' has no experts.", ErrorCodes.TeamEmpty, team);

    /// <summary>An error with a code.</summary>
    public static NotFoundException Of(string message, string code, params string[] args)
    {
        var error = new NotFoundException(message);
        return error.WithCode(code, args);
    }
}

/// <summary>The store cannot be opened or written (not a database, read-only, locked too long).</summary>
public sealed class StorageException(string message, Exception? inner = null) : KnowledgeOsException(message, inner);
