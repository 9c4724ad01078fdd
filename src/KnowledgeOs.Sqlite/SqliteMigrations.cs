using KnowledgeOs.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>SQLite's schema migrations as data (the runner and the list's checks are <see cref="MigrationList{TConnection}"/>'s).</summary>
internal static class SqliteMigrations
{
    /// <summary>Migrations in order; a released one is never edited, a change is a new one.</summary>
    private static readonly (int Version, string Name, string Sql)[] Migrations =
    [
        (1, "events, streams, idempotency, experts, items", """
            CREATE TABLE events (
                position    INTEGER PRIMARY KEY,
                stream      TEXT    NOT NULL,
                version     INTEGER NOT NULL,
                type        TEXT    NOT NULL,
                data        TEXT    NOT NULL,
                recorded_at TEXT    NOT NULL,
                UNIQUE (stream, version)
            );
            CREATE TABLE streams (
                stream     TEXT    PRIMARY KEY,
                team       TEXT    NOT NULL,
                expert     TEXT    NOT NULL,
                version    INTEGER NOT NULL,
                position   INTEGER NOT NULL
            );
            CREATE TABLE idempotency (
                team          TEXT    NOT NULL,
                key           TEXT    NOT NULL,
                request_hash  TEXT    NOT NULL,
                last_position INTEGER NOT NULL,
                event_count   INTEGER NOT NULL,
                recorded_at   TEXT    NOT NULL,
                PRIMARY KEY (team, key)
            );
            CREATE TABLE experts (
                team         TEXT    NOT NULL,
                slug         TEXT    NOT NULL,
                version      INTEGER NOT NULL,
                display_name TEXT    NOT NULL,
                role         TEXT    NOT NULL,
                status       TEXT    NOT NULL,
                state_json   TEXT    NOT NULL,
                PRIMARY KEY (team, slug)
            );
            CREATE TABLE items (
                team          TEXT    NOT NULL,
                expert        TEXT    NOT NULL,
                item_id       TEXT    NOT NULL,
                section       TEXT    NOT NULL,
                text          TEXT    NOT NULL,
                status        TEXT    NOT NULL,
                source        TEXT    NOT NULL,
                first_at      TEXT    NOT NULL,
                confirmations INTEGER NOT NULL,
                PRIMARY KEY (team, expert, item_id)
            );
            CREATE INDEX items_by_section ON items (team, section, status);
            """),
        (2, "experts.state_version: the state JSON is a snapshot every few events, not rewritten on every commit", """
            ALTER TABLE experts ADD COLUMN state_version INTEGER NOT NULL DEFAULT 0;
            UPDATE experts SET state_version = version;
            """),
        (3, "search: analyzed terms per item (search_docs) and an FTS5 index over them (search_fts)", """
            CREATE TABLE search_docs (
                doc     INTEGER PRIMARY KEY,
                team    TEXT    NOT NULL,
                expert  TEXT    NOT NULL,
                item_id TEXT    NOT NULL,
                terms   TEXT    NOT NULL,
                UNIQUE (team, expert, item_id)
            );
            -- Contentless: the terms live in search_docs; the FTS table is only the index (and BM25's statistics).
            -- The terms are already lower-cased stems, so the tokenizer must not fold them further (й stays й).
            CREATE VIRTUAL TABLE search_fts USING fts5(terms, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');
            """),
        (4, "search: each item row carries its FTS rowid and terms; search_docs (a second random-key index per item) goes", """
            DROP TABLE search_docs;
            ALTER TABLE items ADD COLUMN doc INTEGER;
            ALTER TABLE items ADD COLUMN terms TEXT NOT NULL DEFAULT '';
            CREATE UNIQUE INDEX items_by_doc ON items (doc);
            """),
        (5, "search: the analyzer folds fleeting vowels and adds cognate keys; every item is indexed again", """
            -- Nothing changes shape: the backfill below rewrites every item's terms and its FTS entry.
            SELECT 1;
            """),
        (6, "item_vectors: an embedding per item and model (float32 BLOB), for optional vector search", """
            -- Derived like the search index, but costly to make (an embedding endpoint), so a rebuild keeps it.
            -- AUTOINCREMENT: seq only grows, even past a deleted last row, so a reader's cache loads what is newer than it holds.
            CREATE TABLE item_vectors (
                seq         INTEGER PRIMARY KEY AUTOINCREMENT,
                team        TEXT    NOT NULL,
                expert      TEXT    NOT NULL,
                item_id     TEXT    NOT NULL,
                model       TEXT    NOT NULL,
                dimension   INTEGER NOT NULL,
                vector      BLOB    NOT NULL,
                embedded_at TEXT    NOT NULL,
                UNIQUE (team, expert, item_id, model)
            );
            CREATE INDEX item_vectors_by_seq ON item_vectors (team, model, seq);
            """),
        (7, "events_by_team: the per-team change feed reads one team's events in position order without scanning the others", """
            -- The team is the stream's text before '/': an index on that expression, no new column, no data rewritten.
            CREATE INDEX IF NOT EXISTS events_by_team ON events (substr(stream, 1, instr(stream, '/') - 1), position);
            """),
        (8, "projection_generation: a counter a writing rebuild bumps, so a running server drops the knowledge bases it keeps", """
            CREATE TABLE IF NOT EXISTS projection_generation (
                id         INTEGER PRIMARY KEY CHECK (id = 1),
                generation INTEGER NOT NULL
            );
            INSERT INTO projection_generation (id, generation) VALUES (1, 0) ON CONFLICT DO NOTHING;
            """),
        (9, "term_docs: how many indexed items hold each term, kept by the writer, so search knows a frequent word without counting its matches", """
            -- One row per term over the whole FTS5 index (its bm25 statistics are over the whole table too); the
            -- backfill below counts the items' terms. IF NOT EXISTS: a database aged by tests re-runs later migrations.
            CREATE TABLE IF NOT EXISTS term_docs (
                term TEXT    PRIMARY KEY,
                docs INTEGER NOT NULL
            ) WITHOUT ROWID;
            """),
        (10, "expert_snapshots: the state snapshot leaves the expert row every commit updates, so a commit no longer reads and rewrites it", """
            -- The split itself is ExpertSnapshotRows.Split (run right after, only while experts is still a table: a
            -- database aged by tests re-runs later migrations).
            CREATE TABLE IF NOT EXISTS expert_snapshots (
                team          TEXT    NOT NULL,
                slug          TEXT    NOT NULL,
                state_json    TEXT    NOT NULL,
                state_version INTEGER NOT NULL,
                PRIMARY KEY (team, slug)
            );
            """),
    ];

    /// <summary>
    /// Work a migration needs beyond SQL, run right after it in the same transaction: an index computed in C#
    /// (the analyzer) must be filled for the items a database already holds.
    /// </summary>
    private static readonly Dictionary<int, Action<SqliteConnection>> Backfills = new()
    {
        // Migration 3's search_docs is dropped by 4, which indexes every item again: one backfill, after 4.
        [4] = SearchRows.Backfill,
        [5] = SearchRows.Backfill,
        [9] = SqliteTermDocs.Fill,
        [10] = ExpertSnapshotRows.Split,
    };

    /// <summary>The list the runner applies.</summary>
    public static readonly MigrationList<SqliteConnection> List = new(Migrations, Backfills.ToDictionary(b => b.Key,
        b => (Func<SqliteConnection, CancellationToken, Task>)((db, _) =>
        {
            b.Value(db);
            return Task.CompletedTask;
        })));
}
