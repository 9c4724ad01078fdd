using KnowledgeOs.Events;
using KnowledgeOs.Experts;

namespace KnowledgeOs.Storage.Relational;

/// <summary>
/// How one database runs the writer's statements on its write connection: the shared flow (<see cref="CommitRows"/>,
/// <see cref="RelationalWriter{TConnection}"/>) says what to write, this says how. Added statements either run at once
/// (SQLite, in process) or go out together at <see cref="FlushAsync"/> (PostgreSQL, one round trip).
/// </summary>
public abstract class RowWriter
{
    /// <summary>Adds a write: run at once, or with the rest at <see cref="FlushAsync"/>.</summary>
    public abstract void Add(SqlStatement statement, params object?[] values);

    /// <summary>Adds an append's events at the versions after its expected one; returns the last event's position.</summary>
    /// <param name="append">The append, with events.</param>
    /// <param name="positions">The positions handed out so far, where the database does not number events itself.</param>
    /// <param name="recordedAt">The commit time.</param>
    public abstract long AddEvents(PreparedAppend append, LogPositions positions, DateTimeOffset recordedAt);

    /// <summary>Adds an expert's row at <paramref name="version"/>; a null <paramref name="stateJson"/> keeps the stored snapshot (see <see cref="CommitSql.UpsertExpert"/>).</summary>
    public virtual void AddExpert(StreamId stream, long version, ExpertState state, string? stateJson) =>
        Add(CommitSql.UpsertExpert, stream.Team, stream.Expert, version, state.DisplayName, state.Role, state.Status.Code(), stateJson);

    /// <summary>Adds an expert's item rows with their search rows; removed ids lose theirs.</summary>
    public abstract void AddItems(StreamId stream, ItemRows rows, IReadOnlyList<string> removed);

    /// <summary>Runs what was added and not yet run.</summary>
    public abstract Task FlushAsync(CancellationToken ct);

    /// <summary>Runs a statement now.</summary>
    public abstract Task ExecuteAsync(SqlStatement statement, CancellationToken ct, params object?[] values);

    /// <summary>Runs a query now: its first row's values, or null when it has none.</summary>
    public abstract Task<object?[]?> FirstRowAsync(SqlStatement statement, CancellationToken ct, params object?[] values);
}

/// <summary>The log positions a transaction hands out, where the database does not number events itself.</summary>
/// <param name="next">The last position taken.</param>
public sealed class LogPositions(long next)
{
    /// <summary>The last position taken.</summary>
    public long Last { get; private set; } = next;

    /// <summary>Takes the next position.</summary>
    public long Take() => ++Last;

    /// <summary>Gives back the positions taken after <paramref name="last"/> (their commit was rolled back).</summary>
    public void Rewind(long last) => Last = last;
}
