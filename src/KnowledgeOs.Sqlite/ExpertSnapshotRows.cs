using Microsoft.Data.Sqlite;

namespace KnowledgeOs.Sqlite;

/// <summary>
/// SQLite migration 10: the expert's state snapshot gets a row of its own (<c>expert_snapshots</c>), apart from the
/// row every commit updates (<c>expert_rows</c>). SQLite rewrites a whole row on any UPDATE, reading back every
/// overflow page of its text, so while the snapshot (≈ 1 MB at 3,000 tasks) sat beside the per-commit version, every
/// commit read and rewrote it. <c>experts</c> becomes a view of the two with the same columns, so reads keep their SQL;
/// DELETE and UPDATE on it run in triggers. The writer's side is <see cref="SqliteRows.AddExpert"/>.
/// </summary>
internal static class ExpertSnapshotRows
{
    private const string SplitSql = """
        INSERT INTO expert_snapshots (team, slug, state_json, state_version) SELECT team, slug, state_json, state_version FROM experts;
        ALTER TABLE experts RENAME TO expert_rows;
        ALTER TABLE expert_rows DROP COLUMN state_json;
        ALTER TABLE expert_rows DROP COLUMN state_version;
        CREATE VIEW experts AS
            SELECT x.team, x.slug, x.version, x.display_name, x.role, x.status, s.state_json, s.state_version
            FROM expert_rows x JOIN expert_snapshots s ON s.team = x.team AND s.slug = x.slug;
        CREATE TRIGGER experts_delete INSTEAD OF DELETE ON experts BEGIN
            DELETE FROM expert_rows WHERE team = OLD.team AND slug = OLD.slug;
            DELETE FROM expert_snapshots WHERE team = OLD.team AND slug = OLD.slug;
        END;
        CREATE TRIGGER experts_update INSTEAD OF UPDATE ON experts BEGIN
            UPDATE expert_rows SET version = NEW.version, display_name = NEW.display_name, role = NEW.role, status = NEW.status
            WHERE team = OLD.team AND slug = OLD.slug;
            UPDATE expert_snapshots SET state_json = NEW.state_json, state_version = NEW.state_version
            WHERE team = OLD.team AND slug = OLD.slug;
        END;
        """;

    /// <summary>Splits the <c>experts</c> table into its two rows and the view; nothing when it is already a view.</summary>
    public static void Split(SqliteConnection db)
    {
        using var command = db.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'experts'";
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0) return;
        command.CommandText = SplitSql;
        command.ExecuteNonQuery();
    }
}
