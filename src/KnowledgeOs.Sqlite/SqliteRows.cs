using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Storage;
using KnowledgeOs.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// SQLite's runner of the writer's statements (<see cref="RowWriter"/>): each runs at once, in process, on the writer
/// connection, prepared once and reused for every commit (<see cref="RawStatement"/>). Events take their positions
/// from the table (RETURNING); item rows keep the FTS5 search index in step (<see cref="SearchRows"/>).
/// </summary>
internal sealed class SqliteRows : RowWriter, IDisposable
{
    private readonly SqliteConnection _db;
    private readonly Dictionary<SqlStatement, RawStatement> _prepared = new(ReferenceEqualityComparer.Instance);
    private readonly RawStatement _insertEvent;
    private readonly RawStatement _upsertItem;
    private readonly RawStatement _deleteItem;
    private readonly RawStatement _upsertExpert;
    private readonly RawStatement _upsertSnapshot;
    private readonly RawStatement _firstSnapshot;
    private readonly SearchRows _search;
    private readonly SqliteTermDocs _termDocs;

    public SqliteRows(SqliteConnection db)
    {
        _db = db;
        _insertEvent = new RawStatement(db, """
            INSERT INTO events (stream, version, type, data, recorded_at) VALUES ($stream, $version, $type, $data, $at)
            RETURNING position
            """, "$stream", "$version", "$type", "$data", "$at");
        // A new item takes the next search document id (the FTS rowid); an existing one keeps its own.
        _upsertItem = new RawStatement(db, """
            INSERT INTO items (team, expert, item_id, section, text, status, source, first_at, confirmations, doc, terms)
            VALUES ($team, $expert, $id, $section, $text, $status, $source, $first, $confirmations,
                coalesce($doc, (SELECT coalesce(max(doc), 0) + 1 FROM items)), $terms)
            ON CONFLICT (team, expert, item_id) DO UPDATE SET section = excluded.section, text = excluded.text,
                status = excluded.status, source = excluded.source, first_at = excluded.first_at,
                confirmations = excluded.confirmations, doc = excluded.doc, terms = excluded.terms
            RETURNING doc
            """, "$team", "$expert", "$id", "$section", "$text", "$status", "$source", "$first", "$confirmations", "$doc", "$terms");
        _deleteItem = new RawStatement(db, "DELETE FROM items WHERE team = $team AND expert = $expert AND item_id = $id", "$team", "$expert", "$id");
        // The expert's row without its snapshot (migration 10): a commit rewrites a few short columns, not the state's JSON.
        _upsertExpert = new RawStatement(db, """
            INSERT INTO expert_rows (team, slug, version, display_name, role, status) VALUES ($team, $slug, $version, $name, $role, $status)
            ON CONFLICT (team, slug) DO UPDATE SET version = excluded.version, display_name = excluded.display_name,
                role = excluded.role, status = excluded.status
            """, "$team", "$slug", "$version", "$name", "$role", "$status");
        _upsertSnapshot = new RawStatement(db, """
            INSERT INTO expert_snapshots (team, slug, state_json, state_version) VALUES ($team, $slug, $json, $version)
            ON CONFLICT (team, slug) DO UPDATE SET state_json = excluded.state_json, state_version = excluded.state_version
            """, "$team", "$slug", "$json", "$version");
        // Without a snapshot the stored one stays; a first row without one is empty at this version, as CommitSql.UpsertExpert writes it.
        _firstSnapshot = new RawStatement(db, """
            INSERT INTO expert_snapshots (team, slug, state_json, state_version) VALUES ($team, $slug, '', $version)
            ON CONFLICT (team, slug) DO NOTHING
            """, "$team", "$slug", "$version");
        _search = new SearchRows(db);
        _termDocs = new SqliteTermDocs(db);
    }

    /// <inheritdoc/>
    public override void Add(SqlStatement statement, params object?[] values) => Prepared(statement).Execute(values);

    /// <inheritdoc/>
    public override long AddEvents(PreparedAppend append, LogPositions positions, DateTimeOffset recordedAt)
    {
        var at = RecordedAt.Write(recordedAt);
        var version = append.Append.ExpectedVersion;
        long last = 0;
        for (var j = 0; j < append.Types.Length; j++)
        {
            last = _insertEvent.Int64(append.Stream, ++version, append.Types[j], append.Data[j], at)!.Value;
        }
        return last;
    }

    /// <inheritdoc/>
    /// <remarks>Two rows (migration 10): the expert's, every commit; its snapshot's, only when one is due.</remarks>
    public override void AddExpert(StreamId stream, long version, ExpertState state, string? stateJson)
    {
        _upsertExpert.Execute(stream.Team, stream.Expert, version, state.DisplayName, state.Role, state.Status.Code());
        if (stateJson is null) _firstSnapshot.Execute(stream.Team, stream.Expert, version);
        else _upsertSnapshot.Execute(stream.Team, stream.Expert, stateJson, version);
    }

    /// <inheritdoc/>
    public override void AddItems(StreamId stream, ItemRows items, IReadOnlyList<string> removed)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var (doc, terms) = _search.Find(stream.Team, stream.Expert, items.Ids[i]);
            var written = _upsertItem.Int64(stream.Team, stream.Expert, items.Ids[i], items.Sections[i], items.Texts[i], items.Statuses[i], items.Sources[i],
                RecordedAt.Write(new DateTimeOffset(items.FirstAts[i], TimeSpan.Zero)), items.Confirmations[i], doc, items.Terms[i])!.Value;
            _search.Index(written, doc is null ? null : terms, items.Terms[i]);
            _termDocs.Apply(doc is null ? null : terms, items.Terms[i]);
        }
        foreach (var id in removed)
        {
            var (doc, terms) = _search.Find(stream.Team, stream.Expert, id);
            _deleteItem.Execute(stream.Team, stream.Expert, id);
            if (doc is not { } d) continue;
            _search.Unindex(d);
            _termDocs.Apply(terms, null);
        }
    }

    /// <inheritdoc/>
    public override Task FlushAsync(CancellationToken ct) => Task.CompletedTask;

    /// <inheritdoc/>
    /// <remarks>A commit's savepoint statements also open, undo or keep its changes to the batch's term counts.</remarks>
    public override Task ExecuteAsync(SqlStatement statement, CancellationToken ct, params object?[] values)
    {
        if (ReferenceEquals(statement, CommitSql.RollbackTo)) _termDocs.RolledBack();
        Prepared(statement).Execute(values);
        if (ReferenceEquals(statement, CommitSql.Savepoint)) _termDocs.Savepoint();
        else if (ReferenceEquals(statement, CommitSql.Release)) _termDocs.Released();
        return Task.CompletedTask;
    }

    /// <summary>A batch's transaction has begun: the term count changes of any earlier, uncommitted batch are forgotten.</summary>
    public void BeginBatch() => _termDocs.Begin();

    /// <summary>Writes the batch's term count changes; called inside the transaction, just before it commits.</summary>
    public void EndBatch() => _termDocs.Write();

    /// <inheritdoc/>
    public override Task<object?[]?> FirstRowAsync(SqlStatement statement, CancellationToken ct, params object?[] values) =>
        Task.FromResult(Prepared(statement).FirstRow(values));

    private RawStatement Prepared(SqlStatement statement)
    {
        if (!_prepared.TryGetValue(statement, out var prepared))
        {
            prepared = new RawStatement(_db, statement.Sql, [.. statement.Parameters.Select(p => "@" + p)]);
            _prepared[statement] = prepared;
        }
        return prepared;
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
        _upsertExpert.Dispose();
        _upsertSnapshot.Dispose();
        _firstSnapshot.Dispose();
        _search.Dispose();
        _termDocs.Dispose();
    }
}
