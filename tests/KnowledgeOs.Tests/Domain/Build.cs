using System.Text.Json;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;

namespace KnowledgeOs.Tests.Domain;

/// <summary>Builders for Given(events) / When(command) / Then(events) domain tests.</summary>
internal static class Build
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset Day(int n) => Start.AddDays(n);

    public static ExpertOnboarded Onboarded(string slug = "dmitriy", string name = "Дмитрий", string role = "Backend Developer") =>
        new() { Slug = slug, DisplayName = name, Role = role, Project = "Orbit", Source = "manual:test", At = Start };

    /// <summary>The state after the given events.</summary>
    public static ExpertState Given(params KnowledgeEvent[] events) => ExpertState.Fold(null, events)!;

    /// <summary>The state after a command's events are applied.</summary>
    public static ExpertState Then(ExpertState state, IEnumerable<KnowledgeEvent> events) => ExpertState.Fold(state, events)!;

    public static Participant Participant(
        string slug,
        Outcome outcome = Outcome.Success,
        string[]? knowledge = null,
        ProblemSolution[]? problems = null,
        string[]? materials = null,
        string[]? practices = null,
        int errors = 0) =>
        new(new ExpertRef(slug, null, null), outcome, errors, [], [], knowledge ?? [], problems ?? [], materials ?? [], practices ?? []);

    public static TaskReport Report(string taskId, int day, params Participant[] participants) =>
        new(taskId, "Task " + taskId, "", Day(day), 60, participants, [], false, ReportFormats.Native);

    /// <summary>One participant's report: the common case in learning tests.</summary>
    public static TaskReport Task(string taskId, int day, Outcome outcome = Outcome.Success, string[]? knowledge = null,
        ProblemSolution[]? problems = null, string[]? materials = null, bool isCase = false, string slug = "dmitriy") =>
        Report(taskId, day, Participant(slug, outcome, knowledge, problems, materials)) with { IsCase = isCase };

    /// <summary>Learns one report for its first participant and returns the new events.</summary>
    public static IReadOnlyList<KnowledgeEvent> Learn(ExpertState state, TaskReport report, LearningOptions? options = null) =>
        TaskLearning.Decide(state, report, report.Participants[0], options ?? LearningOptions.Default);

    /// <summary>Learns reports in order and returns the final state.</summary>
    public static ExpertState LearnAll(ExpertState state, IEnumerable<TaskReport> reports, LearningOptions? options = null)
    {
        foreach (var r in reports) state = Then(state, Learn(state, r, options));
        return state;
    }

    /// <summary>A state as JSON, so two states compare by content.</summary>
    public static string Json(ExpertState state) => JsonSerializer.Serialize(state, EventTypes.Json);
}
