using KnowledgeOs.Storage;

namespace KnowledgeOs.Application;

/// <summary>
/// One value per team derived from the store (search's digest of its states, its analyzed corpus), kept until the log's head
/// moves or a rebuild replaces the projections (the store's projection generation): a reader with no write since the
/// last read pays one read of the head and one of the generation (none on a server's cache, which keeps it). Both are
/// read before the value is built, so a value kept under them is never older than they are. Shared by <see cref="RankedSearch"/> and
/// <see cref="RetrievalService"/>.
/// </summary>
/// <typeparam name="T">What is kept per team.</typeparam>
/// <param name="store">The store whose head keys the values.</param>
/// <param name="maxTeams">Teams kept at most; past it the half used least recently goes.</param>
public sealed class HeadMemo<T>(IEventStore store, int maxTeams)
{
    private readonly BoundedMemo<string, (long Head, long Generation), T> _teams = new(maxTeams);

    /// <summary>The team's value at the current head: the kept one, or <paramref name="build"/>'s, which is then kept.
    /// <paramref name="current"/>, when given, may say that a value kept at the current head is out of date all the same
    /// (one that moves with the clock).</summary>
    public Task<T> GetAsync(string team, Func<CancellationToken, Task<T>> build, CancellationToken ct, Func<T, bool>? current = null)
    {
        ArgumentNullException.ThrowIfNull(build);
        return GetAsync(team, (_, token) => build(token), ct, current);
    }

    /// <summary>
    /// The team's value at the current head: the kept one, or <paramref name="update"/>'s, which is then kept. The
    /// update gets the value kept under an older head with that head (null when none is kept), so it can redo only
    /// what changed since. <paramref name="current"/>, when given, may say that a value kept at the current head is out of date all the same.
    /// </summary>
    public async Task<T> GetAsync(string team, Func<(long Head, T Value)?, CancellationToken, Task<T>> update, CancellationToken ct,
        Func<T, bool>? current = null)
    {
        ArgumentNullException.ThrowIfNull(update);
        var generation = await store.ProjectionGenerationAsync(ct);
        var head = await store.HeadPositionAsync(ct);
        var found = _teams.TryGet(team, out var kept, out var keptValue) && kept.Generation == generation;
        if (found && kept.Head == head && (current?.Invoke(keptValue) ?? true)) return keptValue;
        var value = await update(found && kept.Head < head ? (kept.Head, keptValue) : null, ct);
        _teams.Set(team, (head, generation), value);
        return value;
    }
}
