using KnowledgeOs.Bench;
using KnowledgeOs.Tests.Support;
using Microsoft.Data.Sqlite;
using Xunit;

namespace KnowledgeOs.Tests.Bench;

/// <summary>
/// The learn bench's rows stored per report (issue 16's "≥ 40 % of the ceiling in rows/s"): ordinary tables' rows and
/// full-text tables' documents count, the full-text index's shadow tables do not.
/// </summary>
public sealed class StoredRowsTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Ordinary_rows_and_full_text_documents_count_the_index_pages_do_not()
    {
        var path = _dir.File("rows.db");
        Execute(path, "CREATE TABLE events (position INTEGER PRIMARY KEY, data TEXT); CREATE VIRTUAL TABLE search USING fts5(body);");
        var before = StoredRows.Count(path);
        Execute(path, "INSERT INTO events (data) VALUES ('a'), ('b'), ('c'); INSERT INTO search (body) VALUES ('one two'), ('three');");
        var after = StoredRows.Count(path);

        Assert.Equal(["events", "search"], after.Keys);
        Assert.Equal([("events", 3L), ("search", 2L)], StoredRows.Added(before, after));
    }

    private static void Execute(string path, string sql)
    {
        using var db = new SqliteConnection($"Data Source={path};Pooling=False");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
