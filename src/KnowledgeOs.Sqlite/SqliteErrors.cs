using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>Turns SQLite failures into <see cref="StorageException"/>s that name the file and say what to do.</summary>
internal static class SqliteErrors
{
    public const int Busy = 5;
    public const int Locked = 6;
    public const int ReadOnly = 8;
    public const int Corrupt = 11;
    public const int Full = 13;
    public const int TooBig = 18;
    public const int Constraint = 19;
    public const int Mismatch = 20;
    public const int CantOpen = 14;
    public const int NotADatabase = 26;

    public static bool IsBusy(SqliteException ex) => ex.SqliteErrorCode is Busy or Locked;

    /// <summary>
    /// A failure of one commit's data (a constraint, a value too big or of the wrong type), not of the database:
    /// the writer refuses that commit alone and the rest of its batch commits.
    /// </summary>
    public static bool IsDataError(Exception ex) => ex is SqliteException { SqliteErrorCode: TooBig or Constraint or Mismatch };

    public static StorageException NotSqlite(string path, Exception? inner = null) =>
        new($"{path} is not a KnowledgeOS database: not an SQLite file.", inner);

    public static StorageException ReadOnlyFile(string path, Exception? inner = null) =>
        new($"cannot write to {path}: read-only (the file or its folder does not allow writing).", inner);

    public static StorageException LockedTooLong(string path, TimeSpan waited, Exception? inner = null) =>
        new($"{path} is locked by another process; gave up after waiting {waited.TotalSeconds:0.#} s.", inner);

    /// <summary>The storage error for a failure, or null when it is not a storage problem.</summary>
    public static StorageException Map(string path, Exception ex) => ex switch
    {
        StorageException s => s,
        SqliteException { SqliteErrorCode: NotADatabase } => NotSqlite(path, ex),
        SqliteException { SqliteErrorCode: ReadOnly or CantOpen } => ReadOnlyFile(path, ex),
        SqliteException { SqliteErrorCode: Busy or Locked } => new StorageException($"{path} is locked by another process.", ex),
        SqliteException { SqliteErrorCode: Corrupt } => new StorageException($"{path} is damaged: {ex.Message}", ex),
        SqliteException { SqliteErrorCode: Full } => new StorageException($"cannot write to {path}: the disk is full.", ex),
        SqliteException => new StorageException($"SQLite failed on {path}: {ex.Message}", ex),
        UnauthorizedAccessException => ReadOnlyFile(path, ex),
        IOException => new StorageException($"cannot use {path}: {ex.Message}", ex),
        _ => new StorageException($"cannot use {path}: {ex.Message}", ex),
    };
}
