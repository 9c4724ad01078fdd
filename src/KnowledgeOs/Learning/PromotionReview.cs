using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;

namespace KnowledgeOs.Learning;

/// <summary>
/// The cycle's second look at promotion: every active <c>learned</c> item already evidenced by enough distinct
/// successful tasks is promoted, not only the items a new report touched (a lowered threshold, imported items,
/// a report learned before its task outcome was corrected). Pure; a promoted item is never promoted again.
/// </summary>
public static class PromotionReview
{
    /// <summary>The promotions the state calls for now.</summary>
    public static IReadOnlyList<KnowledgeEvent> Decide(ExpertState state, LearningOptions options, string source, DateTimeOffset at)
    {
        var events = new List<KnowledgeEvent>();
        foreach (var item in state.Active(SectionKind.Learned))
        {
            var successes = TaskLearning.SuccessfulTasks(state, item);
            if (successes < options.PromoteAfterSuccessfulTasks) continue;
            events.Add(new KnowledgePromoted
            {
                ItemId = item.Id, To = SectionKind.Known, Source = source, At = at,
                Reason = new PromotionReason(successes, options.PromoteAfterSuccessfulTasks, OnReview: true).Stored(),
            });
        }
        return events;
    }
}
