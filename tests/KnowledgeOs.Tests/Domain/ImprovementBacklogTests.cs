using KnowledgeOs.Learning;
using KnowledgeOs.Rendering;
using static KnowledgeOs.Tests.Domain.Build;

namespace KnowledgeOs.Tests.Domain;

/// <summary>what_to_improve becomes a backlog per expert, open until a later task addresses it (issue 11).</summary>
public sealed class ImprovementBacklogTests
{
    private static TaskReport Retro(string id, int day, string field, string text) => ReportParser.Parse($$"""
        { "task_id": "{{id}}", "task_name": "Review {{id}}", "completed_at": "2026-03-{{day:00}}T10:00:00Z", "overall_success": true,
          "experts": [ { "slug": "dmitriy", "name": "Дмитрий", "{{field}}": ["{{text}}"] } ] }
        """, id + ".json");

    [Fact]
    public void What_to_improve_is_shown_under_its_own_heading_until_a_later_task_reports_it_done()
    {
        var asked = LearnAll(Given(Onboarded()), [Retro("R-1", 3, "what_to_improve", "Write the runbook first")]);
        var entry = Assert.Single(ImprovementBacklog.Of(asked));
        Assert.Equal(("R-1", true), (entry.TaskId, entry.IsOpen));
        Assert.Contains("## 🔧 ЧТО УЛУЧШИТЬ", MarkdownRenderer.Render(asked, RenderOptions.Default), StringComparison.Ordinal);
        var en = MarkdownRenderer.Render(asked, RenderOptions.Default with { Language = RenderLanguage.En });
        Assert.Contains("## 🔧 To improve\n\n- Write the runbook first (`R-1`, 2026-03-03)", en, StringComparison.Ordinal);

        var addressed = LearnAll(asked, [Retro("R-2", 9, "what_worked", "write the runbook first")]);

        Assert.Equal("retro:R-2", Assert.Single(ImprovementBacklog.Of(addressed)).AddressedBy);
        Assert.DoesNotContain("To improve", MarkdownRenderer.Render(addressed, RenderOptions.Default with { Language = RenderLanguage.En }), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_improvement_asked_twice_is_one_entry_and_stays_open()
    {
        var state = LearnAll(Given(Onboarded()), [Retro("R-1", 3, "what_to_improve", "Alert earlier"), Retro("R-2", 5, "what_to_improve", "alert earlier.")]);

        var entry = Assert.Single(ImprovementBacklog.Of(state));
        Assert.Equal(("R-1", true), (entry.TaskId, entry.IsOpen));
    }
}
