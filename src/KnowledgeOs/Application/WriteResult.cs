using KnowledgeOs.Experts;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Application;

/// <summary>What a write did to one expert.</summary>
/// <param name="Expert">Expert slug.</param>
/// <param name="Events">Events appended now (0 for a replay).</param>
/// <param name="Version">Stream version after the write.</param>
/// <param name="State">The expert's state at <paramref name="Version"/>, so a caller answers without reading it again; null when the expert does not exist.</param>
public sealed record ExpertChange(string Expert, int Events, long Version, ExpertState? State)
{
    /// <summary>The state and version after the write, as a read would give them.</summary>
    /// <exception cref="InvalidOperationException">The write left no expert (nothing to answer with).</exception>
    public Snapshot Snapshot => new(State ?? throw new InvalidOperationException($"No state for expert '{Expert}' after the write."), Version);
}

/// <summary>What a write did.</summary>
/// <param name="Duplicate">True when the idempotency key was seen before and nothing was written.</param>
/// <param name="Changes">Per expert.</param>
/// <param name="Onboarded">Experts onboarded by this write (learn --onboard).</param>
public sealed record WriteResult(bool Duplicate, IReadOnlyList<ExpertChange> Changes, IReadOnlyList<string> Onboarded)
{
    /// <summary>Events written in total.</summary>
    public int EventCount => Changes.Sum(c => c.Events);

    /// <summary>Participants found by something other than their slug: <c>Андрей → andrey (alias 'Андрей' (import:andrey_program.md))</c>.</summary>
    public IReadOnlyList<string> Matches { get; init; } = [];

    /// <summary>True when this is the answer to a request repeated under its caller's key: nothing was written now; the changes are the first request's.</summary>
    public bool Replayed { get; init; }

    /// <summary>The revision applied (<c>kos learn --amend</c> of a task already learned): 8 hex digits of the report's content hash; null for a plain learn.</summary>
    public string? Revision { get; init; }
}
