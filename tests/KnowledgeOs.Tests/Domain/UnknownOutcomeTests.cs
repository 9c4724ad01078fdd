using KnowledgeOs.Events;
using KnowledgeOs.Learning;
using KnowledgeOs.Metrics;
using KnowledgeOs.Rendering;
using static KnowledgeOs.Tests.Domain.Build;

namespace KnowledgeOs.Tests.Domain;

/// <summary>A retrospective that states no outcome is neither a success nor a failure (issue 11).</summary>
public sealed class UnknownOutcomeTests
{
    private static TaskReport Retro(string id, string? overall) => ReportParser.Parse($$"""
        { "task_id": "{{id}}", "task_name": "Review {{id}}", "completed_at": "2026-03-05T10:00:00Z",
          {{(overall is null ? "" : $"\"overall_success\": {overall},")}}
          "experts": [ { "slug": "dmitriy", "name": "Дмитрий", "new_knowledge": ["Knowledge from {{id}}"] } ] }
        """, id + ".json");

    [Fact]
    public void A_retrospective_without_an_outcome_counts_neither_as_success_nor_failure_and_the_render_says_so()
    {
        var state = LearnAll(Given(Onboarded()), [Retro("R-1", "true"), Retro("R-2", null)]);

        Assert.Equal(Outcome.Unknown, state.Task("R-2")!.Outcome);
        var metrics = ExpertMetrics.Of(state);
        Assert.Equal((2, 1, 1, 100), (metrics.TasksCompleted, metrics.Successful, metrics.OutcomeUnknown, metrics.SuccessRate));
        Assert.Contains("outcome not stated: 1", MarkdownRenderer.Render(state, RenderOptions.Default with { Language = RenderLanguage.En }), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_unknown_outcomes_give_no_success_rate()
    {
        var metrics = ExpertMetrics.Of(LearnAll(Given(Onboarded()), [Retro("R-1", null)]));

        Assert.Equal((0, null), (metrics.Successful, metrics.SuccessRate));
    }
}
