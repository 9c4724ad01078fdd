using KnowledgeOs.Events;
using KnowledgeOs.Experts;

namespace KnowledgeOs.Retrieval;

/// <summary>
/// How an item fared in the tasks that used it (docs/RETRIEVAL.md, "Usefulness"), computed on read from its
/// <see cref="ItemUsed"/> events: <c>((1 + successes) / (1 + failures))^0.3</c>, 1 for an item no report used.
/// Partial and unknown outcomes are kept but count neither way. An item used in at least two failed tasks and in
/// more failed than successful ones is <em>under suspicion</em>: shown so, ranked lower, and left to a person to
/// retract (<c>kos item retract</c>).
/// </summary>
public static class Usefulness
{
    /// <summary>Failed tasks from which an item can be under suspicion.</summary>
    public const int SuspectAfterFailures = 2;

    /// <summary>The exponent that keeps one outcome from outweighing the text's relevance.</summary>
    public const double Exponent = 0.3;

    /// <summary>Distinct successful tasks that used the item.</summary>
    public static int Successes(KnowledgeItem item) => item.Uses.Count(u => u.Outcome == Outcome.Success);

    /// <summary>Distinct failed tasks that used the item.</summary>
    public static int Failures(KnowledgeItem item) => item.Uses.Count(u => u.Outcome == Outcome.Failure);

    /// <summary>The ranking factor: above 1 for an item that helped tasks succeed, below 1 for one that went with failures.</summary>
    public static double Factor(KnowledgeItem item) => Factor(Successes(item), Failures(item));

    /// <summary>The ranking factor for the given counts.</summary>
    public static double Factor(int successes, int failures) => Math.Pow((1.0 + successes) / (1.0 + failures), Exponent);

    /// <summary>True when the item went with repeated failures (≥ 2 and more than successes).</summary>
    public static bool IsSuspect(KnowledgeItem item)
    {
        var failures = Failures(item);
        return failures >= SuspectAfterFailures && failures > Successes(item);
    }
}
