using System.Net.Sockets;
using KnowledgeOs.Storage;
using Npgsql;

namespace KnowledgeOs.Postgres;

/// <summary>Which PostgreSQL failures are worth retrying, which mean a lost race, and how to tell the user.</summary>
internal static class PgErrors
{
    /// <summary>SQL states after which the same transaction, run again, may well succeed.</summary>
    private static readonly HashSet<string> TransientStates = new(StringComparer.Ordinal)
    {
        "40001", // serialization_failure
        "40P01", // deadlock_detected
        "55P03", // lock_not_available
        "57P01", // admin_shutdown: the server is restarting or this backend was terminated
        "57P02", // crash_shutdown
        "57P03", // cannot_connect_now: the server is starting
        "08000", "08001", "08003", "08004", "08006",
        "08007", // transaction_resolution_unknown: retried, the idempotency key decides
        "53300", // too_many_connections
        "53400", // configuration_limit_exceeded
    };

    /// <summary>True when the whole transaction should be run again.</summary>
    public static bool IsTransient(Exception ex) => ex switch
    {
        PostgresException pg => TransientStates.Contains(pg.SqlState) || pg.IsTransient,
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or SocketException or TimeoutException,
        IOException or SocketException or TimeoutException => true,
        _ => false,
    };

    /// <summary>
    /// True when a failure of COMMIT leaves its outcome unknown: the server may have committed before the
    /// connection was lost. An error the server itself sent (other than 08007) means it did not commit.
    /// </summary>
    public static bool OutcomeUnknown(Exception ex) => ex is PostgresException pg ? pg.SqlState == "08007" : IsTransient(ex);

    /// <summary>A unique violation: the database's last defence against two writers at one stream version.</summary>
    public static bool IsConflict(Exception ex) => ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>
    /// A failure of one commit's data, not of the server or the connection: class 22 (data exception: NUL in text,
    /// invalid encoding, a value out of range), class 23 but the unique violation (a constraint; the unique one stands
    /// for a lost race), class 54 (a program limit: a value too large to index or store). Running it again fails the
    /// same way, so the writer refuses that commit alone and commits the rest of its batch.
    /// </summary>
    public static bool IsDataError(Exception ex) => ex is PostgresException pg
        && (pg.SqlState.StartsWith("22", StringComparison.Ordinal)
            || (pg.SqlState.StartsWith("23", StringComparison.Ordinal) && pg.SqlState != PostgresErrorCodes.UniqueViolation)
            || pg.SqlState.StartsWith("54", StringComparison.Ordinal));

    /// <summary>The input error for a commit whose data PostgreSQL refused, naming what it said.</summary>
    public static InputException Refused(Exception ex) =>
        CommitRules.Refused("PostgreSQL", ex is PostgresException pg ? $"{pg.MessageText} (SQL state {pg.SqlState})" : ex.Message, ex);

    /// <summary>A clear error for the user, naming the server and what it said.</summary>
    public static StorageException Map(string where, Exception ex) => ex switch
    {
        StorageException s => s,
        PostgresException { SqlState: "28P01" or "28000" } pg => new StorageException($"PostgreSQL at {where} refused the login: {pg.MessageText}.", ex),
        PostgresException { SqlState: "3D000" } pg => new StorageException($"PostgreSQL at {where}: {pg.MessageText}; create it first (createdb).", ex),
        PostgresException { SqlState: "42501" } pg => new StorageException($"PostgreSQL at {where} denied access: {pg.MessageText}.", ex),
        PostgresException { SqlState: "53100" } pg => new StorageException($"PostgreSQL at {where} is out of disk space: {pg.MessageText}.", ex),
        PostgresException pg => new StorageException($"PostgreSQL at {where} failed: {pg.MessageText} (SQL state {pg.SqlState}).", ex),
        _ when IsTransient(ex) => new StorageException($"PostgreSQL at {where} is unreachable: {ex.Message}", ex),
        NpgsqlException or InvalidOperationException => new StorageException($"PostgreSQL at {where} failed: {ex.Message}", ex),
        _ => new StorageException($"PostgreSQL at {where} failed: {ex.Message}", ex),
    };
}
