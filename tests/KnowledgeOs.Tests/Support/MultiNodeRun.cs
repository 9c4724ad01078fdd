namespace KnowledgeOs.Tests.Support;

/// <summary>What the multi-writer tests share: how long writers run and the reports they send on one expert.</summary>
public static class MultiNodeRun
{
    /// <summary>How long the writers run: 20 s, or <c>KOS_MULTINODE_SECONDS</c>.</summary>
    public static TimeSpan Duration =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("KOS_MULTINODE_SECONDS"), out var s) && s > 0 ? s : 20);

    /// <summary>A native report on expert <c>igor</c>: one of five recurring lessons (confirmations) and one new finding.</summary>
    public static string ReportJson(string taskId, int n) => $$"""
        { "taskId": "{{taskId}}", "title": "Task {{taskId}}", "completedAt": "2026-11-02T10:00:00Z", "outcome": "success",
          "participants": [ { "expert": "igor", "newKnowledge": ["Lesson {{n % 5}}", "Finding {{taskId}}"] } ] }
        """;
}
