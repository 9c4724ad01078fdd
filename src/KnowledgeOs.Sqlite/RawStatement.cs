using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// A statement the writer runs many times per commit, prepared once on its connection and run through SQLite's C API
/// (SQLitePCL) with its parameters bound by position. Microsoft.Data.Sqlite's command, for each run, looks every
/// parameter up by name (converting the name to UTF-8), allocates a data reader and walks its statement list: about
/// as much CPU as SQLite's own work for the writer's small statements. Values bind as Microsoft.Data.Sqlite binds
/// them (text as UTF-8, integers as 64-bit, null as NULL), so the stored rows are the same; errors are its
/// <see cref="SqliteException"/>s, so the writer classifies them as before.
/// </summary>
internal sealed class RawStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    private readonly int[] _indexes;

    /// <summary>Prepares <paramref name="sql"/>; <paramref name="parameters"/> are its parameter names with their prefix, in the order values are given.</summary>
    public RawStatement(SqliteConnection connection, string sql, params string[] parameters)
    {
        _db = connection.Handle!;
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _stmt);
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
        _indexes = new int[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            _indexes[i] = raw.sqlite3_bind_parameter_index(_stmt, parameters[i]);
            if (_indexes[i] == 0) throw new ArgumentException($"parameter {parameters[i]} is not in the statement: {sql}", nameof(parameters));
        }
    }

    /// <summary>Runs a statement that returns no row; its rows changed.</summary>
    public void Execute(params object?[] values)
    {
        Bind(values);
        try
        {
            while (Step()) { }
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
        }
    }

    /// <summary>Runs a statement whose first row's first column is an integer (RETURNING, a lookup); null when there is no row or it is NULL.</summary>
    public long? Int64(params object?[] values)
    {
        Bind(values);
        try
        {
            if (!Step() || raw.sqlite3_column_type(_stmt, 0) == raw.SQLITE_NULL) return null;
            var value = raw.sqlite3_column_int64(_stmt, 0);
            while (Step()) { }
            return value;
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
        }
    }

    /// <summary>Runs a query: its first row's values (integers as <see cref="long"/>, text as <see cref="string"/>, NULL as null), or null when it has none.</summary>
    public object?[]? FirstRow(params object?[] values)
    {
        Bind(values);
        try
        {
            if (!Step()) return null;
            var row = new object?[raw.sqlite3_column_count(_stmt)];
            for (var i = 0; i < row.Length; i++) row[i] = Column(i);
            return row;
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
        }
    }

    private object? Column(int i) => raw.sqlite3_column_type(_stmt, i) switch
    {
        raw.SQLITE_NULL => null,
        raw.SQLITE_INTEGER => raw.sqlite3_column_int64(_stmt, i),
        raw.SQLITE_FLOAT => raw.sqlite3_column_double(_stmt, i),
        raw.SQLITE_TEXT => raw.sqlite3_column_text(_stmt, i).utf8_to_string(),
        _ => raw.sqlite3_column_blob(_stmt, i).ToArray(),
    };

    private bool Step()
    {
        var rc = raw.sqlite3_step(_stmt);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc == raw.SQLITE_DONE) return false;
        SqliteException.ThrowExceptionForRC(rc, _db);
        return false;
    }

    /// <summary>Binds values in parameter order; a time goes in its stored text form (<see cref="RecordedAt"/>).</summary>
    private void Bind(object?[] values)
    {
        if (values.Length != _indexes.Length)
            throw new ArgumentException($"{values.Length} values for {_indexes.Length} parameters", nameof(values));
        for (var i = 0; i < values.Length; i++)
        {
            var at = _indexes[i];
            var rc = values[i] switch
            {
                null or DBNull => raw.sqlite3_bind_null(_stmt, at),
                string text => raw.sqlite3_bind_text(_stmt, at, text),
                long n => raw.sqlite3_bind_int64(_stmt, at, n),
                int n => raw.sqlite3_bind_int64(_stmt, at, n),
                double d => raw.sqlite3_bind_double(_stmt, at, d),
                DateTimeOffset time => raw.sqlite3_bind_text(_stmt, at, RecordedAt.Write(time)),
                var other => throw new ArgumentException($"cannot bind a {other.GetType().Name} to parameter {i + 1}", nameof(values)),
            };
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _stmt.Dispose();
}
