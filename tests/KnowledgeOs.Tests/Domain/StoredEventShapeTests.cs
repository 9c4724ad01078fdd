using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Import;
using KnowledgeOs.Sections;
using KnowledgeOs.Storage;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Domain;

/// <summary>
/// The stored JSON of every event type stays byte-identical: a fixed instance of each, with every field set, is
/// serialized as the store does and compared with its golden file (tests/KnowledgeOs.Tests/Golden/events).
/// </summary>
public sealed class StoredEventShapeTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 14, 9, 26, 53, TimeSpan.FromHours(3));

    /// <summary>One instance per stored event type, every optional field set.</summary>
    public static IReadOnlyList<KnowledgeEvent> Samples { get; } =
    [
        new ExpertOnboarded
        {
            Source = "import:igor_knowledge.md", At = At, Slug = "igor", DisplayName = "Игорь", Role = "Backend Developer", Project = "ATRA",
            Priority = 1, Status = ExpertStatus.Paused, Responsibility = "API \"gateway\" & <queues>", Duties = ["deploys", "reviews"], Tags = ["dotnet", "sql"],
        },
        new ExpertProfileChanged
        {
            Source = "manual:lead", At = At, DisplayName = "Игорь П.", Role = "Architect", Project = "ATRA 2", Priority = 2, Status = ExpertStatus.Retired,
            Responsibility = "everything", Duties = ["design"], Tags = ["architecture"],
        },
        new KnowledgeRecorded
        {
            Source = "task:T-1", At = At, ItemId = "bp-0123abcd", Section = SectionKind.BestPractice, Text = "Use a savepoint per commit",
            Fields = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["category"] = "storage", ["found_at"] = "2026-03-14", ["source"] = "https://example.org/a?b=1&c=2" },
        },
        new KnowledgeConfirmed { Source = "task:T-2", At = At, ItemId = "problem-42", AddedSolution = "retry with backoff" },
        new KnowledgeRetracted { Source = "manual:lead", At = At, ItemId = "known-7", Reason = "wrong — see ADR 12" },
        new KnowledgePromoted { Source = "task:T-3", At = At, ItemId = "learned-9", To = SectionKind.Known, Reason = "3 successful tasks" },
        new TaskCompleted
        {
            Source = "task:T-4", At = At, TaskId = "T-4", Title = "Ship the feed", Outcome = Outcome.Partial, ErrorsFixed = 3, DurationMinutes = 95,
            ToImprove = ["tests first"], Tags = ["feed", "sse"],
        },
        new TaskDescribed
        {
            Source = "retro:T-4", At = At, TaskId = "T-4", Description = "Ship the \"feed\" & <tests>", WhatWorked = ["pairing"], WhatToImprove = ["alerts"],
            NewKnowledge = ["SSE needs a heartbeat"],
            Measurements = [new TaskMeasurement("errors_count", 0m), new TaskMeasurement("max_drawdown_pct", 4.25m), new TaskMeasurement("regime", Text: "bear")],
        },
        new TaskRevised
        {
            Source = "retro:T-4#rev-0123abcd", At = At, TaskId = "T-4", Revision = "0123abcd", Title = "Ship the feed", Outcome = Outcome.Success, ErrorsFixed = 2,
            DurationMinutes = 100, ToImprove = ["tests first"], Tags = ["feed"],
        },
        new TaskWithdrawn { Source = "retro:T-4#rev-0123abcd", At = At, TaskId = "T-4", Revision = "0123abcd", Reason = "not named by revision 0123abcd of task T-4" },
        new TaskStarted { Source = "task:T-7", At = At, TaskId = "T-7", Title = "Tune the \"feed\" & <cache>" },
        new TaskCancelled { Source = "task:T-7", At = At, TaskId = "T-7", Reason = "started for the \"wrong\" expert" },
        new ExpertAliasAdded { Source = "import:andrey_knowledge.md", At = At, Alias = "Андрей", Kind = AliasKind.Title },
        new ExpertAliasRemoved { Source = "manual:lead", At = At, Alias = "Andy" },
        new ExpertMerged { Source = "manual:lead", At = At, From = "andrey-2" },
        new ExpertMergedInto { Source = "manual:lead", At = At, Into = "andrey" },
        new MetricClaimImported { Source = "import:igor_program.md", At = At, Label = "Всего задач выполнено", Value = "100+" },
        new ProgramImported
        {
            Source = "import:igor_program.md", At = At,
            Program = new StoredProgram
            {
                FileName = "igor_program.md", DisplayName = "Игорь", Role = "Backend Developer", Created = At, CreatedText = "14.03.2026",
                Status = "🟢 **АКТИВНА**", Level = "Начинающий → Эксперт",
                Goals = [new StoredProgramGoal("Основы", ["C#", "SQL"])],
                Materials = [new StoredProgramMaterial("book", "CLR via C#", "Richter"), new StoredProgramMaterial("tool", "dotTrace")],
                Stages = [new StoredProgramStage("ПЛАН ОБУЧЕНИЯ", "Неделя 1-2: Основы", 1, 2, "Основы", [new StoredProgramCheck("read", true), new StoredProgramCheck("write", false)]),
                          new StoredProgramStage("ЭКСПЕРТНЫЙ УРОВЕНЬ", "Дальше", null, null, "Дальше", [])],
                SuccessCriteria = ["ships weekly"],
                Certifications = [new StoredProgramCheck("AZ-204", false)],
                Lists = [new StoredProgramList("Навыки", "ЦЕЛИ", [new StoredProgramCheck("async", true)])],
                Claims = [new StoredProgramClaim("МЕТРИКИ", "Прогресс", "195%")],
            },
        },
        new ItemUsed { Source = "task:T-6", At = At, ItemId = "knowledge-94ed816b1825", TaskId = "T-6", Outcome = Outcome.Failure },
        new LevelReached { Source = "task:T-5", At = At, Level = 3, Previous = 2, Reason = "★★★☆☆ — 14 tasks, 86% successful, 6 problems solved" },
    ];

    /// <summary>Every stored event name.</summary>
    public static TheoryData<string> Names => [.. EventTypes.Names];

    [Fact]
    public void Every_stored_event_type_has_a_sample()
    {
        Assert.Equal(EventTypes.Names.Order(StringComparer.Ordinal), Samples.Select(EventTypes.NameOf).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_stored_json_of_each_event_type_is_unchanged(string name)
    {
        var sample = Samples.Single(e => EventTypes.NameOf(e) == name);
        var json = EventTypes.Serialize(sample);

        Golden.Check(Path.Combine("events", name + ".json"), json + "\n");
        // And it reads back to the same stored text: nothing the shape holds is lost on the way in.
        Assert.Equal(json, EventTypes.Serialize(EventTypes.Deserialize(name, json)));
    }

    [Fact]
    public void A_task_outcome_is_stored_as_its_text_in_the_snapshot_state_too()
    {
        var state = ExpertState.Fold(null, [Samples.OfType<ExpertOnboarded>().Single(), Samples.OfType<TaskCompleted>().Single()])!;

        var json = StoredState.Write(state);

        Assert.Contains("\"outcome\":\"partial\"", json, StringComparison.Ordinal);
        Assert.Equal(Outcome.Partial, StoredState.Read(json).Tasks.Single().Outcome);
    }
}
