using KnowledgeOs.Sections;

namespace KnowledgeOs.Retrieval;

/// <summary>
/// How much the record vouches for an item, as a factor on its text relevance (docs/RETRIEVAL.md):
/// <c>section × (1 + 0.2·ln(1 + confirmations)) × (0.85 + 0.15·2^(−age/180 days)) × usefulness</c>. Known beats merely learned,
/// each further confirming task counts less than the one before, and an item last evidenced long ago loses at most
/// 15% — old knowledge that still matches is still knowledge; an item that went with failed tasks falls, one that
/// helped tasks succeed rises (<see cref="Usefulness"/>).
/// </summary>
public static class Evidence
{
    /// <summary>Days after which the recency bonus halves.</summary>
    public const double HalfLifeDays = 180;

    /// <summary>The weight of a section: what an expert knows and has solved counts more than what it has read.</summary>
    public static double Section(SectionKind section) => section switch
    {
        SectionKind.Known => 1.25,
        SectionKind.Problem => 1.2,
        SectionKind.BestPractice or SectionKind.ExpertPractice => 1.1,
        SectionKind.Practice or SectionKind.Case => 1.0,
        SectionKind.Learned or SectionKind.Innovation or SectionKind.Research => 0.9,
        SectionKind.Book or SectionKind.AdvancedBook or SectionKind.Tool => 0.8,
        _ => 0.7,
    };

    /// <summary>The factor for later confirmations (distinct sources after the first).</summary>
    public static double Confirmations(int count) => 1 + 0.2 * Math.Log(1 + Math.Max(0, count));

    /// <summary>The factor for how recently the item was last evidenced, relative to the newest evidence of the team (no clock).</summary>
    public static double Recency(DateTimeOffset lastAt, DateTimeOffset newest)
    {
        var days = Math.Max(0, (newest - lastAt).TotalDays);
        return 0.85 + 0.15 * Math.Pow(2, -days / HalfLifeDays);
    }

    /// <summary>The whole evidence factor of an item.</summary>
    public static double Of(AnalyzedItem item, DateTimeOffset newest)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Of(BeforeRecency(item.Item), item.LastAt, newest, Usefulness.Factor(item.Item));
    }

    /// <summary>The factors of an item that do not depend on the team's newest evidence: its section's × its confirmations'.</summary>
    public static double BeforeRecency(KnowledgeOs.Experts.KnowledgeItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Section(item.Section) * Confirmations(item.Confirmations.Count);
    }

    /// <summary>
    /// The whole evidence factor from its parts kept per item (<see cref="BeforeRecency"/> and <see cref="Usefulness.Factor(Experts.KnowledgeItem)"/>),
    /// multiplied in the same order as <see cref="Of(AnalyzedItem, DateTimeOffset)"/>, so the result is the same to the bit.
    /// </summary>
    public static double Of(double beforeRecency, DateTimeOffset lastAt, DateTimeOffset newest, double usefulness) =>
        beforeRecency * Recency(lastAt, newest) * usefulness;
}
