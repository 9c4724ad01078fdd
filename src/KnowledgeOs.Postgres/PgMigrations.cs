using KnowledgeOs.Storage.Relational;
using Npgsql;

namespace KnowledgeOs.Postgres;

/// <summary>
/// PostgreSQL's schema migrations as data (the runner and the list's checks are <see cref="MigrationList{TConnection}"/>'s).
/// The tables mirror the SQLite store's, column for column.
/// </summary>
internal static class PgMigrations
{
    /// <summary>Migrations in order; a released one is never edited, a change is a new one.</summary>
    private static readonly (int Version, string Name, string Sql)[] Migrations =
    [
        (1, "events, streams, idempotency, experts, items, log head", """
            CREATE TABLE events (
                position    bigint      PRIMARY KEY,
                stream      text        COLLATE "C" NOT NULL,
                version     bigint      NOT NULL,
                type        text        NOT NULL,
                data        json        NOT NULL,
                recorded_at timestamptz NOT NULL,
                UNIQUE (stream, version)
            );
            CREATE TABLE streams (
                stream   text   COLLATE "C" PRIMARY KEY,
                team     text   COLLATE "C" NOT NULL,
                expert   text   COLLATE "C" NOT NULL,
                version  bigint NOT NULL,
                position bigint NOT NULL
            );
            CREATE TABLE idempotency (
                team          text        COLLATE "C" NOT NULL,
                key           text        COLLATE "C" NOT NULL,
                request_hash  text        NOT NULL,
                last_position bigint      NOT NULL,
                event_count   integer     NOT NULL,
                recorded_at   timestamptz NOT NULL,
                PRIMARY KEY (team, key)
            );
            CREATE TABLE experts (
                team         text    COLLATE "C" NOT NULL,
                slug         text    COLLATE "C" NOT NULL,
                version      bigint  NOT NULL,
                display_name text    NOT NULL,
                role         text    NOT NULL,
                status       text    NOT NULL,
                state_json   text    NOT NULL,
                PRIMARY KEY (team, slug)
            );
            CREATE TABLE items (
                team          text        COLLATE "C" NOT NULL,
                expert        text        COLLATE "C" NOT NULL,
                item_id       text        COLLATE "C" NOT NULL,
                section       text        NOT NULL,
                text          text        NOT NULL,
                status        text        NOT NULL,
                source        text        NOT NULL,
                first_at      timestamptz NOT NULL,
                confirmations integer     NOT NULL,
                PRIMARY KEY (team, expert, item_id)
            );
            CREATE INDEX items_by_section ON items (team, section, status);
            -- The last global position handed out. Every append transaction locks this one row first, so appends
            -- commit one after another in position order and a change feed never sees position n+1 before n
            -- (a sequence would hand out numbers outside the transaction: gaps on rollback, and a later number
            -- could commit and be read before an earlier one).
            CREATE TABLE log_head (
                id       boolean PRIMARY KEY DEFAULT true CHECK (id),
                position bigint  NOT NULL
            );
            INSERT INTO log_head (id, position) VALUES (true, 0);
            """),
        (2, "experts.state_version: the state JSON is a snapshot every few events, not rewritten on every commit", """
            ALTER TABLE experts ADD COLUMN state_version bigint NOT NULL DEFAULT 0;
            UPDATE experts SET state_version = version;
            """),
        (3, "search: items.terms (analyzed in C#) and a GIN-indexed tsvector over them", """
            ALTER TABLE items ADD COLUMN terms text NOT NULL DEFAULT '';
            -- 'simple': the terms are already stems, so PostgreSQL only splits on spaces and keeps them as they are.
            ALTER TABLE items ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, terms)) STORED;
            -- fastupdate off: each append updates the index itself. With the default pending list every query scans
            -- up to 4 MB of not-yet-merged entries until a vacuum runs, and the planner stops choosing the index.
            CREATE INDEX items_search ON items USING gin (search) WITH (fastupdate = off);
            """),
        (4, "search: the analyzer folds fleeting vowels and adds cognate keys; every item is indexed again", """
            -- Nothing changes shape: the backfill below rewrites every item's terms (the tsvector follows).
            SELECT 1;
            """),
        (5, "item_vectors: an embedding per item and model (float32 bytea), for optional vector search", """
            -- bytea of little-endian float32, the same bytes as SQLite's BLOB, so one SQL text serves both stores;
            -- the search is exact cosine in memory (pgvector is not in Debian's PostgreSQL 15 packages here).
            CREATE TABLE item_vectors (
                seq         bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                team        text    COLLATE "C" NOT NULL,
                expert      text    COLLATE "C" NOT NULL,
                item_id     text    COLLATE "C" NOT NULL,
                model       text    COLLATE "C" NOT NULL,
                dimension   integer NOT NULL,
                vector      bytea   NOT NULL,
                embedded_at text    NOT NULL,
                UNIQUE (team, expert, item_id, model)
            );
            CREATE INDEX item_vectors_by_seq ON item_vectors (team, model, seq);
            """),
        (6, "events_by_team: the per-team change feed reads one team's events in position order without scanning the others", """
            -- The team is the stream's text before '/': an index on that expression, no new column, no data rewritten.
            CREATE INDEX IF NOT EXISTS events_by_team ON events (split_part(stream, '/', 1), position);
            """),
        (7, "projection_generation: a counter a writing rebuild bumps, so a running server drops the knowledge bases it keeps", """
            CREATE TABLE IF NOT EXISTS projection_generation (
                id         boolean PRIMARY KEY DEFAULT true CHECK (id),
                generation bigint  NOT NULL
            );
            INSERT INTO projection_generation (id, generation) VALUES (true, 0) ON CONFLICT DO NOTHING;
            """),
        (8, "lease_holders: where the holder of a lock group's writer lease takes writes forwarded by other servers", """
            -- A row per lock group whose holder advertises an address (kos serve --advertise-url), written in the
            -- grant's round trip and deleted in the unlock's; pid is the lease connection's backend, so a reader
            -- checks in pg_locks that the holder still holds the lock (a killed server leaves its row behind).
            CREATE TABLE IF NOT EXISTS lease_holders (
                key   text    COLLATE "C" PRIMARY KEY,
                token text    NOT NULL,
                url   text    NOT NULL,
                pid   integer NOT NULL
            );
            """),
    ];

    /// <summary>
    /// Work a migration needs beyond SQL, run right after it in the same transaction: an index computed in C#
    /// (the analyzer) must be filled for the items a database already holds.
    /// </summary>
    private static readonly Dictionary<int, Func<NpgsqlConnection, CancellationToken, Task>> Backfills = new()
    {
        [3] = PgSearchBackfill.RunAsync,
        [4] = PgSearchBackfill.RunAsync,
    };

    /// <summary>The list the runner applies.</summary>
    public static readonly MigrationList<NpgsqlConnection> List = new(Migrations, Backfills);
}
