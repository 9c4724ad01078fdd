using System.Text.Json;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Import;
using KnowledgeOs.Learning;
using KnowledgeOs.Rendering;
using KnowledgeOs.Sections;
using static KnowledgeOs.Tests.Domain.Build;

namespace KnowledgeOs.Tests.Learning;

/// <summary>
/// Whole retrospectives (issue 11): the task's description, the ATRA <c>overall_*</c> lists and the <c>metrics</c> are
/// kept as task-level knowledge on every participant's task record, shown on the task's case entry, typed where they are numbers.
/// </summary>
public sealed class TaskKnowledgeTests
{
    private static string Atra(string metrics = """{ "errors_count": 0, "ml_roc_auc": 1.0, "features_count": 15, "regime": "bear", "live": true, "risk": { "max_drawdown_pct": 3.5 } }""") => $$"""
        {
          "task_id": "task_001",
          "task_name": "Исправление ML features",
          "task_description": "Добавление недостающих features",
          "completed_at": "2026-11-20T10:00:00Z",
          "duration_minutes": 45,
          "is_case": true,
          "experts": [ { "name": "Дмитрий", "role": "ML Engineer", "slug": "dmitriy", "new_knowledge": ["Признаки проверяются до обучения"] } ],
          "overall_success": true,
          "overall_what_worked": ["Быстрый откат модели"],
          "overall_what_to_improve": ["Тесты на схему признаков"],
          "overall_new_knowledge": ["Схема признаков — контракт между командами"],
          "metrics": {{metrics}},
          "lessons_learned": []
        }
        """;

    [Fact]
    public void Every_field_of_an_ATRA_retrospective_is_kept_and_metrics_are_typed()
    {
        var report = ReportParser.Parse(Atra(), "task_001_20261120.json");

        Assert.Equal("Добавление недостающих features", report.Description);
        Assert.Equal(["Быстрый откат модели"], report.Summary!.WhatWorked);
        Assert.Equal(["Тесты на схему признаков"], report.Summary.WhatToImprove);
        Assert.Equal(["Схема признаков — контракт между командами"], report.Summary.NewKnowledge);
        Assert.Equal(
            [new TaskMeasurement("errors_count", 0m), new TaskMeasurement("ml_roc_auc", 1.0m), new TaskMeasurement("features_count", 15m),
             new TaskMeasurement("regime", Text: "bear"), new TaskMeasurement("live", Text: "true"), new TaskMeasurement("risk.max_drawdown_pct", 3.5m)],
            report.Measurements!);
    }

    [Theory]
    [InlineData("""{ "errors_count": [1, 2] }""", "metrics.errors_count")]
    [InlineData("\"fine\"", "metrics")]
    [InlineData("""{ "risk": { "max": [] } }""", "metrics.risk.max")]
    public void A_metric_that_is_no_number_or_text_is_refused_naming_its_field(string metrics, string field)
    {
        var refused = Assert.ThrowsAny<InputException>(() => ReportParser.Parse(Atra(metrics), "retro.json"));

        Assert.Equal(field, refused.Field);
        Assert.StartsWith($"retro.json: field '{field}'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_native_report_keeps_its_description_and_metrics()
    {
        var report = ReportParser.Parse("""
            { "taskId": "ORB-9", "title": "Refunds", "description": "Partial refunds", "completedAt": "2026-03-17T21:20:00Z", "outcome": "success",
              "metrics": { "p99_ms": 120, "note": "after the index" }, "participants": ["dmitriy"] }
            """, "report.json");

        Assert.Equal("Partial refunds", report.Description);
        Assert.Null(report.Summary);
        Assert.Equal([new TaskMeasurement("p99_ms", 120m), new TaskMeasurement("note", Text: "after the index")], report.Measurements!);
    }

    [Fact]
    public void A_report_without_task_level_lists_or_metrics_serializes_as_before_so_its_content_hash_is_unchanged()
    {
        var report = ReportParser.Parse("""
            { "taskId": "ORB-9", "title": "Refunds", "completedAt": "2026-03-17T21:20:00Z", "outcome": "success", "participants": ["dmitriy"] }
            """, "report.json");

        var json = JsonSerializer.Serialize(report, EventTypes.Json);

        Assert.DoesNotContain("\"summary\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"measurements\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_task_knowledge_is_recorded_with_the_task_and_shown_on_its_case_entry()
    {
        var report = ReportParser.Parse(Atra(), "task_001_20261120.json");

        var events = TaskLearning.Decide(Given(Onboarded("dmitriy")), report, report.Participants[0], LearningOptions.Default);
        var state = ExpertState.Fold(Given(Onboarded("dmitriy")), events)!;
        var markdown = MarkdownRenderer.Render(state, RenderOptions.Default);

        var described = Assert.IsType<TaskDescribed>(events[1]);
        Assert.Equal(("task_001", "retro:task_001"), (described.TaskId, described.Source));
        Assert.Equal("Добавление недостающих features", state.Task("task_001")!.Description);
        Assert.Contains("- ✅ Исправление ML features\n  - **Описание:** Добавление недостающих features\n  - **Что сработало:** Быстрый откат модели\n"
            + "  - **Что улучшить:** Тесты на схему признаков\n  - **Новые знания:** Схема признаков — контракт между командами\n"
            + "  - **Метрики задачи:** errors_count = 0, ml_roc_auc = 1.0, features_count = 15, regime = bear, live = true, risk.max_drawdown_pct = 3.5",
            markdown, StringComparison.Ordinal);
        Assert.Equal("Добавление недостающих features", Assert.Single(state.Active(SectionKind.Case)).Field(ItemFields.Description));
    }

    [Fact]
    public void A_rendered_case_entry_read_back_keeps_one_case_and_not_its_task_details()
    {
        var report = ReportParser.Parse(Atra(), "task_001_20261120.json");
        var state = ExpertState.Fold(Given(Onboarded("dmitriy")), TaskLearning.Decide(Given(Onboarded("dmitriy")), report, report.Participants[0], LearningOptions.Default))!;

        var document = KnowledgeDocumentParser.Parse(MarkdownRenderer.Render(state, RenderOptions.Default), "dmitriy_knowledge.md", Day(1));

        Assert.Equal(["Исправление ML features"], document.Items.Where(i => i.Section == SectionKind.Case).Select(i => i.Text));
    }
}
