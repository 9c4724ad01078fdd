using System.Collections.Frozen;
using System.Collections.Immutable;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Storage;

namespace KnowledgeOs.Retrieval;

/// <summary>
/// What ranked search keeps of one expert between requests (docs/SEARCH.md, "What ranked search keeps"): the
/// usefulness factor of each item a task used whose factor is not 1 (<see cref="Usefulness.Factor(KnowledgeItem)"/>),
/// and the expert's task records, which <see cref="TaskSearch"/> matches. Built from the expert's state, which is then
/// dropped: what is held grows with the items tasks used and the tasks, not with the items of the team.
/// </summary>
/// <param name="Slug">The expert.</param>
/// <param name="Factors">Item id → usefulness factor, for the items whose factor is not 1.</param>
/// <param name="Tasks">The expert's task records, as in its state.</param>
public sealed record ExpertSearchDigest(string Slug, FrozenDictionary<string, double> Factors, ImmutableList<TaskRecord> Tasks)
{
    /// <summary>True when the digest holds nothing: no item weighed otherwise than 1, no task.</summary>
    public bool IsEmpty => Factors.Count == 0 && Tasks.IsEmpty;

    /// <summary>The digest of a state: its used items' factors (those not 1) and its tasks.</summary>
    public static ExpertSearchDigest Of(ExpertState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var factors = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in state.Items.Values)
        {
            if (item.Uses.IsEmpty) continue;
            var factor = Usefulness.Factor(item);
            if (factor != 1) factors[item.Id] = factor;
        }
        return new ExpertSearchDigest(state.Slug, factors.Count == 0 ? FrozenDictionary<string, double>.Empty : factors.ToFrozenDictionary(StringComparer.Ordinal), state.Tasks);
    }

    /// <summary>
    /// Whether the event can change an expert's digest: a use of an item (<see cref="ItemUsed"/>), a task recorded,
    /// described, revised or withdrawn, a new onboarding, or any event not known to leave both alone. What else a
    /// report or an edit writes (knowledge recorded, confirmed, retracted, promoted; the profile; open tasks; aliases,
    /// levels, claims, programs, merges) touches neither an item's uses nor the task records (<see cref="ExpertState.Evolve"/>).
    /// </summary>
    public static bool Changes(KnowledgeEvent e) => e is not (KnowledgeRecorded or KnowledgeConfirmed or KnowledgeRetracted
        or KnowledgePromoted or ExpertProfileChanged or TaskStarted or TaskCancelled or MetricClaimImported or ProgramImported
        or ExpertAliasAdded or ExpertAliasRemoved or ExpertMerged or ExpertMergedInto or LevelReached);

    /// <summary>The item's usefulness factor, 1 when no task moved it.</summary>
    public double Factor(string itemId) => Factors.GetValueOrDefault(itemId, 1.0);
}

/// <summary>
/// A team's <see cref="ExpertSearchDigest"/>s, by slug, for the experts whose digest is not empty; immutable, so a
/// search under way keeps reading the one it started with while a newer one replaces it.
/// </summary>
public sealed class TeamSearchDigest
{
    private readonly Dictionary<string, ExpertSearchDigest> _experts;

    private TeamSearchDigest(Dictionary<string, ExpertSearchDigest> experts) => _experts = experts;

    /// <summary>The experts whose digest holds something.</summary>
    public IReadOnlyCollection<ExpertSearchDigest> Experts => _experts.Values;

    /// <summary>Item factors held, over the team (what grows with used items).</summary>
    public int HeldFactors => _experts.Values.Sum(e => e.Factors.Count);

    /// <summary>Task records held, over the team.</summary>
    public int HeldTasks => _experts.Values.Sum(e => e.Tasks.Count);

    /// <summary>The digest of the team's states (each dropped once read).</summary>
    public static TeamSearchDigest Of(IEnumerable<Snapshot> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        var experts = new Dictionary<string, ExpertSearchDigest>(StringComparer.Ordinal);
        foreach (var snapshot in states)
            if (ExpertSearchDigest.Of(snapshot.State) is { IsEmpty: false } digest) experts[digest.Slug] = digest;
        return new TeamSearchDigest(experts);
    }

    /// <summary>This digest with the changed experts' digests replaced (a null state: the expert is gone); itself when nothing changed.</summary>
    public TeamSearchDigest With(IReadOnlyDictionary<string, Snapshot?> changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        if (changed.Count == 0) return this;
        var experts = new Dictionary<string, ExpertSearchDigest>(_experts, StringComparer.Ordinal);
        foreach (var (slug, snapshot) in changed)
        {
            if (snapshot is not null && ExpertSearchDigest.Of(snapshot.State) is { IsEmpty: false } digest) experts[slug] = digest;
            else experts.Remove(slug);
        }
        return new TeamSearchDigest(experts);
    }

    /// <summary>The usefulness factor of the expert's item, 1 when no task moved it.</summary>
    public double Factor(string expert, string itemId) => _experts.TryGetValue(expert, out var digest) ? digest.Factor(itemId) : 1.0;
}
