using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// SQLite's runner of the writer's statements (<see cref="RowWriter"/>): each runs at once, in process, on the writer
/// connection, prepared once and reused for every commit. Events take their positions from the table (RETURNING);
/// item rows keep the FTS5 search index in step (<see cref="SearchRows"/>).
/// </summary>
internal sealed class SqliteRows : RowWriter, IDisposable
{
    private readonly SqliteConnection _db;
    private readonly Dictionary<SqlStatement, SqliteCommand> _prepared = new(ReferenceEqualityComparer.Instance);
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _upsertItem;
    private readonly SqliteCommand _deleteItem;
    private readonly SearchRows _search;

    public SqliteRows(SqliteConnection db)
    {
        _db = db;
        _insertEvent = Command(db, """
            INSERT INTO events (stream, version, type, data, recorded_at) VALUES ($stream, $version, $type, $data, $at)
            RETURNING position
            """, "$stream", "$version", "$type", "$data", "$at");
        // A new item takes the next search document id (the FTS rowid); an existing one keeps its own.
        _upsertItem = Command(db, """
            INSERT INTO items (team, expert, item_id, section, text, status, source, first_at, confirmations, doc, terms)
            VALUES ($team, $expert, $id, $section, $text, $status, $source, $first, $confirmations,
                coalesce($doc, (SELECT coalesce(max(doc), 0) + 1 FROM items)), $terms)
            ON CONFLICT (team, expert, item_id) DO UPDATE SET section = excluded.section, text = excluded.text,
                status = excluded.status, source = excluded.source, first_at = excluded.first_at,
                confirmations = excluded.confirmations, doc = excluded.doc, terms = excluded.terms
            RETURNING doc
            """, "$team", "$expert", "$id", "$section", "$text", "$status", "$source", "$first", "$confirmations", "$doc", "$terms");
        _deleteItem = Command(db, "DELETE FROM items WHERE team = $team AND expert = $expert AND item_id = $id", "$team", "$expert", "$id");
        _search = new SearchRows(db);
    }

    /// <inheritdoc/>
    public override void Add(SqlStatement statement, params object?[] values) => Bound(statement, values).ExecuteNonQuery();

    /// <inheritdoc/>
    public override long AddEvents(PreparedAppend append, LogPositions positions, DateTimeOffset recordedAt)
    {
        var at = RecordedAt.Write(recordedAt);
        var version = append.Append.ExpectedVersion;
        long last = 0;
        for (var j = 0; j < append.Types.Length; j++)
        {
            Set(_insertEvent, append.Stream, ++version, append.Types[j], append.Data[j], at);
            last = (long)_insertEvent.ExecuteScalar()!;
        }
        return last;
    }

    /// <inheritdoc/>
    public override void AddItems(StreamId stream, ItemRows items, IReadOnlyList<string> removed)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var (doc, terms) = _search.Find(stream.Team, stream.Expert, items.Ids[i]);
            Set(_upsertItem, stream.Team, stream.Expert, items.Ids[i], items.Sections[i], items.Texts[i], items.Statuses[i], items.Sources[i],
                RecordedAt.Write(new DateTimeOffset(items.FirstAts[i], TimeSpan.Zero)), items.Confirmations[i], doc, items.Terms[i]);
            var written = (long)_upsertItem.ExecuteScalar()!;
            _search.Index(written, doc is null ? null : terms, items.Terms[i]);
        }
        foreach (var id in removed)
        {
            var (doc, _) = _search.Find(stream.Team, stream.Expert, id);
            Set(_deleteItem, stream.Team, stream.Expert, id);
            _deleteItem.ExecuteNonQuery();
            if (doc is { } d) _search.Unindex(d);
        }
    }

    /// <inheritdoc/>
    public override Task FlushAsync(CancellationToken ct) => Task.CompletedTask;

    /// <inheritdoc/>
    public override Task ExecuteAsync(SqlStatement statement, CancellationToken ct, params object?[] values)
    {
        Bound(statement, values).ExecuteNonQuery();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public override Task<object?[]?> FirstRowAsync(SqlStatement statement, CancellationToken ct, params object?[] values)
    {
        using var reader = Bound(statement, values).ExecuteReader();
        if (!reader.Read()) return Task.FromResult<object?[]?>(null);
        var row = new object?[reader.FieldCount];
        for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        return Task.FromResult<object?[]?>(row);
    }

    private SqliteCommand Bound(SqlStatement statement, object?[] values)
    {
        if (!_prepared.TryGetValue(statement, out var command))
        {
            command = Command(_db, statement.Sql, [.. statement.Parameters.Select(p => "@" + p)]);
            _prepared[statement] = command;
        }
        Set(command, values);
        return command;
    }

    internal static SqliteCommand Command(SqliteConnection db, string sql, params string[] parameters)
    {
        var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    /// <summary>Binds values in parameter order; a time goes in its stored text form (<see cref="RecordedAt"/>).</summary>
    internal static void Set(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i] switch { null => DBNull.Value, DateTimeOffset at => RecordedAt.Write(at), var v => v };
    }

    public void Dispose()
    {
        foreach (var command in _prepared.Values) command.Dispose();
        _insertEvent.Dispose();
        _upsertItem.Dispose();
        _deleteItem.Dispose();
        _search.Dispose();
    }
}
