using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Bench;

/// <summary>
/// The raw batched-insert ceiling of this machine, printed beside the learn rates: plain Microsoft.Data.Sqlite on a
/// temp file with the store's durability (WAL, <c>synchronous=FULL</c>, one fsync per transaction), inserting
/// ~300-byte rows into one table with a primary key and no other index, one transaction of <c>rows</c> rows at a time.
/// The learn table puts the rows a report stores (events, items, search, streams, experts; <see cref="StoredRows"/>) per
/// second beside it: rows/s against rows/s.
/// </summary>
public static class SqliteInsertCeiling
{
    /// <summary>Rows per second inserting for about <paramref name="seconds"/> seconds, <paramref name="rows"/> rows per transaction.</summary>
    public static string Row(int rows, double seconds)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"kos-ceiling-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "ceiling.db"), Pooling = false }.ConnectionString);
            db.Open();
            Execute(db, "PRAGMA journal_mode = WAL");
            Execute(db, "PRAGMA synchronous = FULL");
            Execute(db, "CREATE TABLE rows (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, data TEXT NOT NULL)");
            using var insert = db.CreateCommand();
            insert.CommandText = "INSERT INTO rows (stream, data) VALUES ($stream, $data)";
            var stream = insert.Parameters.Add("$stream", SqliteType.Text);
            var data = insert.Parameters.Add("$data", SqliteType.Text);
            insert.Prepare();
            var payload = new string('x', 300);
            long written = 0, transactions = 0;
            var started = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(started).TotalSeconds < seconds)
            {
                using var tx = db.BeginTransaction();
                insert.Transaction = tx;
                for (var i = 0; i < rows; i++)
                {
                    stream.Value = $"bench/e{written % 300:000}";
                    data.Value = payload;
                    insert.ExecuteNonQuery();
                    written++;
                }
                tx.Commit();
                transactions++;
            }
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            return string.Create(CultureInfo.InvariantCulture,
                $"raw batched-insert ceiling, {rows} row(s) per transaction: {written / elapsed:N0} rows/s, {transactions / elapsed:N0} transactions/s");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Execute(SqliteConnection db, string sql)
    {
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
