namespace KnowledgeOs.Sqlite;

/// <summary>
/// What the SQLite writer's committed batches cost the database since the store was opened, read from SQLite's own
/// counters on the writer connection: work that grows with an expert's history shows here as a rise per commit.
/// </summary>
/// <param name="PagesRead">Pages the writer fetched from its page cache or the file (<c>SQLITE_DBSTATUS_CACHE_HIT</c> + <c>_MISS</c>): an overflow chain read back counts every page.</param>
/// <param name="RowsChanged">Rows inserted, updated or deleted (<c>sqlite3_total_changes</c>), triggers and FTS shadow tables not counted.</param>
public readonly record struct SqliteWriterWork(long PagesRead, long RowsChanged);
