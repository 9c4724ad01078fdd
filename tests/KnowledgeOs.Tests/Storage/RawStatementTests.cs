using KnowledgeOs.Sqlite;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Tests.Storage;

/// <summary>
/// The writer's <see cref="RawStatement"/> binds values as Microsoft.Data.Sqlite does, so the rows it writes are the
/// rows the command API wrote: an empty string stays empty text (not NULL), Unicode round-trips, null is NULL.
/// </summary>
public sealed class RawStatementTests
{
    [Theory]
    [InlineData("", "text")]
    [InlineData("Идемпотентность ✔ 𝄞", "text")]
    [InlineData(null, "null")]
    public void Binds_text_and_null_as_the_command_api_does(string? value, string storedType)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (a TEXT, n INTEGER)";
            create.ExecuteNonQuery();
        }

        using (var insert = new RawStatement(connection, "INSERT INTO t (a, n) VALUES (@a, @n)", "@a", "@n"))
            insert.Execute(value, 7L);

        using var read = new RawStatement(connection, "SELECT a, typeof(a), n FROM t");
        var row = read.FirstRow()!;
        Assert.Equal(value, row[0]);
        Assert.Equal(storedType, row[1]);
        Assert.Equal(7L, row[2]);
    }

    [Fact]
    public void A_parameter_the_statement_does_not_have_is_refused_by_name()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();

        var error = Assert.Throws<ArgumentException>(() => new RawStatement(connection, "SELECT @a", "@b"));
        Assert.Contains("@b", error.Message);
    }
}
