namespace KnowledgeOs.Learning;

/// <summary>
/// How much one write may carry (docs/LIMITS.md). Every limit bounds what a single report, request or command can
/// make the store and every later read hold; exceeding one is refused before anything is written, naming the limit
/// and the field.
/// </summary>
/// <param name="MaxParticipants">Participants (native) or experts (ATRA) in one report.</param>
/// <param name="MaxItemsPerParticipant">Entries in one list of one participant (newKnowledge, problems, whatWorked…), and
/// knowledge items recorded for one participant in all (ATRA adds lessons_learned to each expert's knowledge).</param>
/// <param name="MaxTextLength">Characters in one text (an item, a title, a description).</param>
/// <param name="MaxEventsPerCommit">Events one command may write in one commit (all experts together).</param>
/// <param name="MaxErrorsFixed">Largest errors-fixed count per participant and task.</param>
/// <param name="MaxDurationMinutes">Largest task duration in minutes (a year).</param>
public sealed record ReportLimits(
    int MaxParticipants = 50,
    int MaxItemsPerParticipant = 200,
    int MaxTextLength = 10_000,
    int MaxEventsPerCommit = 2_000,
    int MaxErrorsFixed = 10_000,
    int MaxDurationMinutes = 525_600)
{
    /// <summary>The defaults.</summary>
    public static ReportLimits Default { get; } = new();
}
