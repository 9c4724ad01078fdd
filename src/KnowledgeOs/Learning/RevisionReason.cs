using System.Text.RegularExpressions;

namespace KnowledgeOs.Learning;

/// <summary>
/// Why a revision of a task (<c>kos learn --amend</c>) took something back: an item it no longer states
/// (<see cref="Events.KnowledgeRetracted.Reason"/>) or the task itself, for an expert it no longer names
/// (<see cref="Events.TaskWithdrawn.Reason"/>). Stored as the English line <see cref="Stored"/> writes (stored events
/// never change shape, so that line stays as it always was); documents word it in their own language from
/// <see cref="FromStored"/>.
/// </summary>
/// <param name="Withdrawn">The task left the expert's record (not named); otherwise an item was removed.</param>
/// <param name="Revision">The revision: the first 8 hex digits of its content hash, or <c>original</c>.</param>
/// <param name="TaskId">The task.</param>
public sealed partial record RevisionReason(bool Withdrawn, string Revision, string TaskId)
{
    /// <summary>The stored English line: <c>removed by revision 0123abcd of task T-4</c> · <c>not named by revision 0123abcd of task T-4</c>. Not for documents.</summary>
    public string Stored() => $"{(Withdrawn ? "not named" : "removed")} by revision {Revision} of task {TaskId}";

    /// <summary>The parts of a line <see cref="Stored"/> wrote; null for any other text (a reason a person gave to <c>kos item retract</c>).</summary>
    public static RevisionReason? FromStored(string? stored) =>
        stored is null || StoredLine().Match(stored) is not { Success: true } m ? null
            : new RevisionReason(m.Groups[1].Value == "not named", m.Groups[2].Value, m.Groups[3].Value);

    // A revision is one word (a hash prefix or "original"); the task id is the rest of the line.
    [GeneratedRegex(@"^(removed|not named) by revision (\S+) of task (.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex StoredLine();
}
