using System.Data.Common;
using System.Runtime.CompilerServices;

namespace KnowledgeOs.Storage.Relational;

/// <summary>Streaming reads written once for every database, with the database's error for a failure mid-stream.</summary>
public static class DbRows
{
    /// <summary>Every row of a query (named <c>@parameters</c>), mapped as it is read.</summary>
    /// <param name="db">An open connection.</param>
    /// <param name="tx">The transaction the query runs in, or null.</param>
    /// <param name="sql">The query.</param>
    /// <param name="parameters">Its parameters.</param>
    /// <param name="map">Reads one row.</param>
    /// <param name="failure">The store's error for a failure of the database, or null to let the failure pass as it is.</param>
    /// <param name="ct">Cancels the read.</param>
    public static async IAsyncEnumerable<T> ReadAsync<T>(DbConnection db, DbTransaction? tx, string sql, (string Name, object? Value)[] parameters,
        Func<DbDataReader, T> map, Func<Exception, Exception?> failure, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = DbCommands.Create(db, sql, parameters);
        command.Transaction = tx;
        await using var reader = await ExecuteAsync(command, failure, ct);
        while (await NextAsync(reader, failure, ct)) yield return map(reader);
    }

    /// <summary>No mapping: the database's own exceptions pass (work that retries on them).</summary>
    public static Exception? AsIs(Exception ex) => null;

    private static async Task<DbDataReader> ExecuteAsync(DbCommand command, Func<Exception, Exception?> failure, CancellationToken ct)
    {
        try
        {
            return await command.ExecuteReaderAsync(ct);
        }
        catch (Exception ex) when (failure(ex) is { } mapped)
        {
            throw mapped;
        }
    }

    private static async Task<bool> NextAsync(DbDataReader reader, Func<Exception, Exception?> failure, CancellationToken ct)
    {
        try
        {
            return await reader.ReadAsync(ct);
        }
        catch (Exception ex) when (failure(ex) is { } mapped)
        {
            throw mapped;
        }
    }
}
