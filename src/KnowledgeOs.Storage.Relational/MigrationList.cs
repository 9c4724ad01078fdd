using System.Data.Common;

namespace KnowledgeOs.Storage.Relational;

/// <summary>
/// A database's numbered migrations, kept as data (a released one's SQL text never changes: stored databases have
/// run it), with the backfills that follow some of them in the same transaction; applied by <see cref="MigrationRunner"/>.
/// </summary>
/// <typeparam name="TConnection">The database's connection type, handed to the backfills.</typeparam>
public sealed class MigrationList<TConnection>
    where TConnection : DbConnection
{
    private readonly IReadOnlyDictionary<int, Func<TConnection, CancellationToken, Task>> _backfills;

    /// <summary>The list; throws when the numbers do not run 1, 2, 3… or a backfill names no migration of it.</summary>
    /// <param name="migrations">The migrations in order.</param>
    /// <param name="backfills">Work beyond SQL by the migration it follows (an index computed in C#).</param>
    public MigrationList(IEnumerable<(int Version, string Name, string Sql)> migrations, IReadOnlyDictionary<int, Func<TConnection, CancellationToken, Task>> backfills)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(backfills);
        All = [.. migrations.Select(m => new Migration(m.Version, m.Name, m.Sql))];
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i].Version != i + 1)
                throw new ArgumentException($"Migration number {All[i].Version} ('{All[i].Name}') is at place {i + 1}: migrations are numbered 1, 2, 3… without gaps.", nameof(migrations));
        }
        if (All.Count == 0) throw new ArgumentException("A migration list needs at least one migration.", nameof(migrations));
        foreach (var version in backfills.Keys)
        {
            if (version < 1 || version > All.Count)
                throw new ArgumentException($"A backfill follows migration {version}, which the list (1–{All.Count}) does not have.", nameof(backfills));
        }
        _backfills = backfills;
    }

    /// <summary>The migrations in order.</summary>
    public IReadOnlyList<Migration> All { get; }

    /// <summary>The newest schema version.</summary>
    public int Latest => All[^1].Version;

    /// <summary>Applies the migrations <paramref name="db"/> lacks (see <see cref="MigrationRunner"/>); the caller holds the write transaction.</summary>
    /// <exception cref="StorageException">The database holds other tables, or a schema newer than this build.</exception>
    public Task ApplyAsync(TConnection db, DbTransaction? tx, MigrationDialect dialect, CancellationToken ct) =>
        MigrationRunner.ApplyAsync(db, tx, All,
            _backfills.ToDictionary(b => b.Key, b => (Func<CancellationToken, Task>)(token => b.Value(db, token))), dialect, ct);
}
