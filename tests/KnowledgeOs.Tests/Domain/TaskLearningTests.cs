using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Sections;
using static KnowledgeOs.Tests.Domain.Build;

namespace KnowledgeOs.Tests.Domain;

/// <summary>What a task report teaches one participant: Given(events) / When(report) / Then(events).</summary>
public sealed class TaskLearningTests
{
    private const string Lesson = "Ключ идемпотентности хранится в транзакции платежа";

    private static KnowledgeItem Item(ExpertState s, string text) =>
        s.Items.Values.Single(i => Text.TextKey.Of(i.Text) == Text.TextKey.Of(text));

    [Fact]
    public void A_report_records_the_task_and_new_knowledge_as_learned()
    {
        var report = Task("ORB-1", 1, knowledge: [Lesson]) with { Tags = ["idempotency"] };
        var participant = report.Participants[0] with { ErrorsFixed = 3, WhatToImprove = ["Раньше писать контракт"] };

        var then = TaskLearning.Decide(Given(Onboarded()), report, participant, LearningOptions.Default);

        var task = Assert.IsType<TaskCompleted>(then[0]);
        Assert.Equal(("ORB-1", Outcome.Success, 3, 60, "task:ORB-1", Day(1)), (task.TaskId, task.Outcome, task.ErrorsFixed, task.DurationMinutes, task.Source, task.At));
        Assert.Equal(["Раньше писать контракт"], task.ToImprove);
        Assert.Equal(["idempotency"], task.Tags);
        var recorded = Assert.IsType<KnowledgeRecorded>(Assert.Single(then.Skip(1)));
        Assert.Equal((SectionKind.Learned, Lesson), (recorded.Section, recorded.Text));
    }

    [Fact]
    public void Replaying_a_report_changes_nothing()
    {
        var report = Task("ORB-1", 1, knowledge: [Lesson], problems: [new("Двойные списания", "Уникальный индекс")], materials: ["Release It! - Michael T. Nygard"], isCase: true);
        var state = Then(Given(Onboarded()), Learn(Given(Onboarded()), report));

        Assert.Empty(Learn(state, report));
        // The same task id with other content is not learned twice either: the task id is the idempotency key.
        Assert.Empty(Learn(state, Task("ORB-1", 2, knowledge: ["Совсем другое знание"])));
    }

    [Fact]
    public void Knowledge_seen_in_a_second_task_is_confirmed_not_duplicated()
    {
        var given = LearnAll(Given(Onboarded()), [Task("ORB-1", 1, knowledge: [Lesson])]);

        var then = Learn(given, Task("ORB-2", 2, outcome: Outcome.Partial, knowledge: ["✅ КЛЮЧ идемпотентности хранится в транзакции платежа!"]));

        Assert.Equal(Item(given, Lesson).Id, Assert.IsType<KnowledgeConfirmed>(Assert.Single(then.Skip(1))).ItemId);
        Assert.Equal(["task:ORB-1", "task:ORB-2"], Item(Then(given, then), Lesson).AllSources);
    }

    [Fact]
    public void Knowledge_confirmed_by_two_successful_tasks_is_promoted_to_known()
    {
        var given = LearnAll(Given(Onboarded()), [Task("ORB-1", 1, knowledge: [Lesson])]);

        var then = Learn(given, Task("ORB-2", 5, knowledge: [Lesson]));

        Assert.Collection(then,
            e => Assert.IsType<TaskCompleted>(e),
            e => Assert.IsType<KnowledgeConfirmed>(e),
            e =>
            {
                var promoted = Assert.IsType<KnowledgePromoted>(e);
                Assert.Equal((SectionKind.Known, "task:ORB-2", Day(5)), (promoted.To, promoted.Source, promoted.At));
                Assert.Equal("confirmed by 2 successful tasks (threshold 2)", promoted.Reason);
            });
        Assert.Equal(SectionKind.Known, Item(Then(given, then), Lesson).Section);
    }

    [Theory]
    [InlineData(Outcome.Failure)]
    [InlineData(Outcome.Partial)]
    public void Tasks_that_did_not_succeed_do_not_count_towards_promotion(Outcome outcome)
    {
        var state = LearnAll(Given(Onboarded()),
        [
            Task("ORB-1", 1, knowledge: [Lesson]),
            Task("ORB-2", 2, outcome: outcome, knowledge: [Lesson]),
            Task("ORB-3", 3, outcome: outcome, knowledge: [Lesson]),
        ]);
        Assert.Equal(SectionKind.Learned, Item(state, Lesson).Section);

        var then = Learn(state, Task("ORB-4", 4, knowledge: [Lesson]));

        Assert.Contains(then, e => e is KnowledgePromoted);
    }

    [Fact]
    public void Knowledge_first_seen_in_a_failure_is_promoted_by_two_later_successes_only()
    {
        var state = LearnAll(Given(Onboarded()),
        [
            Task("ORB-1", 1, outcome: Outcome.Failure, knowledge: [Lesson]),
            Task("ORB-2", 2, knowledge: [Lesson]),
        ]);
        Assert.Equal(SectionKind.Learned, Item(state, Lesson).Section);

        Assert.Equal(SectionKind.Known, Item(LearnAll(state, [Task("ORB-3", 3, knowledge: [Lesson])]), Lesson).Section);
    }

    [Fact]
    public void One_task_never_counts_twice_even_when_it_repeats_the_knowledge()
    {
        var then = Learn(Given(Onboarded()), Task("ORB-1", 1, knowledge: [Lesson, "- " + Lesson.ToUpperInvariant(), Lesson + "."]));

        Assert.Single(then, e => e is KnowledgeRecorded);
        Assert.DoesNotContain(then, e => e is KnowledgeConfirmed or KnowledgePromoted);
    }

    [Fact]
    public void A_retrospective_of_the_same_task_id_does_not_count_as_a_second_task()
    {
        var given = LearnAll(Given(Onboarded()), [Task("ORB-1", 1, knowledge: [Lesson])]);
        var retro = Task("ORB-1", 2, knowledge: [Lesson]) with { Format = ReportFormats.Atra };

        Assert.Empty(Learn(given, retro));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(5, 5)]
    public void The_promotion_threshold_comes_from_the_learning_options(int threshold, int promotedAtTask)
    {
        var options = new LearningOptions(threshold);
        var state = Given(Onboarded());
        var promotedAt = 0;
        for (var n = 1; n <= 6 && promotedAt == 0; n++)
        {
            var events = Learn(state, Task($"ORB-{n}", n, knowledge: [Lesson]), options);
            if (events.OfType<KnowledgePromoted>().Any()) promotedAt = n;
            state = Then(state, events);
        }

        Assert.Equal(promotedAtTask, promotedAt);
    }

    [Fact]
    public void Known_knowledge_is_promoted_once_and_later_tasks_only_confirm_it()
    {
        var state = LearnAll(Given(Onboarded()), [Task("ORB-1", 1, knowledge: [Lesson]), Task("ORB-2", 2, knowledge: [Lesson])]);

        var then = Learn(state, Task("ORB-3", 3, knowledge: [Lesson]));

        Assert.DoesNotContain(then, e => e is KnowledgePromoted);
        Assert.Equal(3, Item(Then(state, then), Lesson).AllSources.Count());
    }

    [Fact]
    public void Knowledge_evidenced_by_an_import_is_not_a_successful_task()
    {
        var given = Given(Onboarded(), new KnowledgeRecorded
        {
            ItemId = Text.TextKey.ItemId("knowledge", Text.TextKey.Of(Lesson)), Section = SectionKind.Learned, Text = Lesson,
            Source = "import:dmitriy.md", At = Day(0),
        });

        var then = Learn(given, Task("ORB-1", 1, knowledge: [Lesson]));

        Assert.DoesNotContain(then, e => e is KnowledgePromoted);
        Assert.Equal(1, TaskLearning.SuccessfulTasks(Then(given, then), Item(Then(given, then), Lesson)));
    }

    [Fact]
    public void Problems_keep_their_solutions_and_a_later_task_adds_another()
    {
        var state = LearnAll(Given(Onboarded()),
        [
            Task("ORB-1", 1, problems: [new("Двойные списания после таймаута", "Уникальный индекс на ключ")]),
            Task("ORB-2", 2, problems: [new("двойные списания после таймаута.", "Ответ 409 на другое тело")]),
            Task("ORB-3", 3, problems: [new("Двойные списания после таймаута", "уникальный индекс на ключ")]),
            Task("ORB-4", 4, problems: [new("Эмулятор ACS без frictionless", "")]),
        ]);

        var problems = state.Active(SectionKind.Problem).ToList();
        Assert.Equal(2, problems.Count);
        Assert.Equal(["Уникальный индекс на ключ", "Ответ 409 на другое тело"], problems[0].Solutions);
        Assert.Equal(["task:ORB-1", "task:ORB-2", "task:ORB-3"], problems[0].AllSources);
        Assert.Empty(problems[1].Solutions);
    }

    [Fact]
    public void A_case_is_kept_for_each_participant_who_did_not_fail()
    {
        var report = Report("ORB-9", 9,
            Participant("dmitriy"),
            Participant("mariya", outcome: Outcome.Failure)) with
        { IsCase = true, Title = "Процесс чарджбэков" };

        var dmitriy = TaskLearning.Decide(Given(Onboarded()), report, report.Participants[0], LearningOptions.Default);
        var mariya = TaskLearning.Decide(Given(Onboarded("mariya", "Мария", "Risk Manager")), report, report.Participants[1], LearningOptions.Default);

        var kase = Assert.IsType<KnowledgeRecorded>(Assert.Single(dmitriy, e => e is KnowledgeRecorded));
        Assert.Equal((SectionKind.Case, "Процесс чарджбэков", "ORB-9"), (kase.Section, kase.Text, kase.Fields[ItemFields.Task]));
        Assert.DoesNotContain(mariya, e => e is KnowledgeRecorded);
        Assert.Empty(Learn(Given(Onboarded()), Task("ORB-10", 1)).OfType<KnowledgeRecorded>());
    }

    [Theory]
    [InlineData("Release It! - Michael T. Nygard", "Release It!", "Michael T. Nygard")]
    [InlineData("Kafka: The Definitive Guide — Gwen Shapira", "Kafka: The Definitive Guide", "Gwen Shapira")]
    [InlineData("Чистый код – Роберт Мартин", "Чистый код", "Роберт Мартин")]
    [InlineData("Site Reliability Engineering - How Google Runs Production Systems - Betsy Beyer", "Site Reliability Engineering - How Google Runs Production Systems", "Betsy Beyer")]
    [InlineData("Data-Intensive Applications", "Data-Intensive Applications", null)]
    [InlineData("Refactoring -", "Refactoring -", null)]
    public void Materials_are_split_into_title_and_author(string material, string title, string? author)
    {
        var book = TaskLearning.Book(material);

        Assert.Equal((SectionKind.Book, title), (book.Section, book.Text));
        Assert.Equal(author, book.Fields?.GetValueOrDefault(ItemFields.Author));
    }

    [Fact]
    public void Materials_become_books_and_practices_are_confirmed_across_tasks()
    {
        var state = LearnAll(Given(Onboarded()),
        [
            Report("ORB-1", 1, Participant("dmitriy", materials: ["Release It! - Michael T. Nygard"], practices: ["Ревью кода до слияния"])),
            Report("ORB-2", 2, Participant("dmitriy", materials: ["release it! - Michael T. Nygard"], practices: ["ревью кода до слияния."])),
        ]);

        var book = Assert.Single(state.Active(SectionKind.Book));
        Assert.Equal(("Release It!", "Michael T. Nygard", 2), (book.Text, book.Field(ItemFields.Author), book.AllSources.Count()));
        Assert.Equal(2, Assert.Single(state.Active(SectionKind.Practice)).AllSources.Count());
    }

    [Fact]
    public void What_worked_is_kept_as_a_practice()
    {
        var report = Task("ORB-1", 1);
        var participant = report.Participants[0] with { WhatWorked = ["Воспроизвести гонку тестом до исправления"] };

        var then = TaskLearning.Decide(Given(Onboarded()), report, participant, LearningOptions.Default);

        Assert.Equal(SectionKind.Practice, Assert.IsType<KnowledgeRecorded>(Assert.Single(then.Skip(1))).Section);
    }

    [Fact]
    public void Retracted_knowledge_seen_in_a_new_task_comes_back()
    {
        var state = LearnAll(Given(Onboarded()), [Task("ORB-1", 1, knowledge: [Lesson])]);
        state = Then(state, ExpertDecider.Retract(state, Item(state, Lesson).Id, "неверно", "manual:ivan", Day(2)));

        var then = Learn(state, Task("ORB-2", 3, outcome: Outcome.Partial, knowledge: [Lesson]));

        Assert.IsType<KnowledgeRecorded>(Assert.Single(then.Skip(1)));
        Assert.True(Item(Then(state, then), Lesson).IsActive);
    }

    [Fact]
    public void Two_solutions_to_one_problem_in_one_report_are_both_kept()
    {
        var then = Learn(Given(Onboarded()), Task("ORB-1", 1, problems: [new("Двойные списания", "Уникальный индекс"), new("двойные списания", "Ответ 409")]));

        Assert.Equal(["Уникальный индекс", "Ответ 409"], Then(Given(Onboarded()), then).Active(SectionKind.Problem).Single().Solutions);
    }
}
