using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using KnowledgeOs.Events;
using Outcome = KnowledgeOs.Events.Outcome;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Tests.Samples;
using static KnowledgeOs.Tests.Domain.Build;

namespace KnowledgeOs.Tests.Domain;

/// <summary>
/// Properties over generated report histories: repeating reports anywhere changes nothing, and a fresh fold of the
/// stored (serialized) events gives the state kept inline.
/// </summary>
public sealed class ReplayProperties
{
    // Small pools with spelling variants of one item, so confirmations and promotions happen often.
    private static readonly string[] Knowledge =
    [
        "Ключ идемпотентности хранится в транзакции платежа",
        "✅ ключ идемпотентности хранится в транзакции платежа.",
        "Лаг Kafka считается по партиции",
        "- **Лаг Kafka** считается по партиции",
        "Вызов эквайера вне транзакции",
        "Счёт ведётся в копейках",
        "Счет ведется в копейках",
    ];

    private static readonly ProblemSolution[] Problems =
    [
        new("Двойные списания", "Уникальный индекс"),
        new("двойные списания.", "Ответ 409"),
        new("Блокировка леджера", ""),
        new("Блокировка леджера", "lock_timeout"),
    ];

    private static readonly string[] Materials = ["Release It! - Michael T. Nygard", "release it! — Michael T. Nygard", "Continuous Delivery"];

    private static readonly string[] Practices = ["Ревью кода", "ревью кода!", "Тест до исправления"];

    private static readonly Outcome[] Outcomes = [Outcome.Success, Outcome.Success, Outcome.Partial, Outcome.Failure];

    private static readonly (string Slug, string Name, string Role)[] Experts =
        [("dmitriy", "Дмитрий", "Backend Developer"), ("mariya", "Мария", "Risk Manager")];

    /// <summary>Distinct reports (unique task ids), an order of applying them with repeats, and a promotion threshold.</summary>
    public sealed record Scenario(IReadOnlyList<TaskReport> Reports, IReadOnlyList<int> Order, int Threshold)
    {
        /// <inheritdoc/>
        public override string ToString() =>
            $"threshold {Threshold}; order [{string.Join(", ", Order.Select(i => Reports[i].TaskId))}]; " +
            string.Join("; ", Reports.Select(r => $"{r.TaskId}{(r.IsCase ? " case" : "")}: " + string.Join(" | ", r.Participants.Select(p =>
                $"{p.Expert.Slug} {p.Outcome} k[{string.Join(",", p.NewKnowledge)}] p[{string.Join(",", p.Problems.Select(x => x.Problem + "=" + x.Solution))}] m[{string.Join(",", p.Materials)}]"))));
    }

    private static Gen<string[]> Some(string[] pool, int max) =>
        Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(Gen.Elements(pool), n));

    private static Gen<Participant> ParticipantGen(string slug) =>
        from outcome in Gen.Elements(Outcomes)
        from knowledge in Some(Knowledge, 3)
        from problems in Gen.Choose(0, 2).SelectMany(n => Gen.ArrayOf(Gen.Elements(Problems), n))
        from materials in Some(Materials, 1)
        from practices in Some(Practices, 2)
        from errors in Gen.Choose(0, 4)
        select new Participant(new ExpertRef(slug, null, null), outcome, errors, practices.Take(1).ToList(), [], knowledge, problems, materials, practices);

    private static Gen<TaskReport> ReportGen(int index) =>
        from who in Gen.Elements(new[] { 0 }, [1], [0, 1])
        from participants in Gen.CollectToList(who.Select(i => ParticipantGen(Experts[i].Slug)))
        from isCase in Gen.Elements(true, false, false)
        select new TaskReport($"ORB-{index}", $"Задача {index % 3}", "", Day(index), 30, participants, [], isCase, ReportFormats.Native);

    private static Gen<Scenario> ScenarioGen =>
        from count in Gen.Choose(1, 7)
        from reports in Gen.CollectToList(Enumerable.Range(1, count).Select(ReportGen))
        from order in Gen.NonEmptyListOf(Gen.Choose(0, count - 1)).Select(l => l.Take(25).ToList())
        from threshold in Gen.Choose(1, 3)
        select new Scenario(reports, order, threshold);

    private static DomainTeam Team(int threshold)
    {
        var team = new DomainTeam(new LearningOptions(threshold));
        foreach (var (slug, name, role) in Experts) team.Onboard(new OnboardExpert(slug, name, role, "Orbit"));
        return team;
    }

    private static Dictionary<string, string> Json(DomainTeam team) => team.States.ToDictionary(kv => kv.Key, kv => Build.Json(kv.Value));

    [Property(MaxTest = 300)]
    public Property Repeating_reports_anywhere_gives_the_state_of_applying_each_once_in_first_order() =>
        Prop.ForAll(ScenarioGen.ToArbitrary(), s =>
        {
            var repeated = Team(s.Threshold);
            foreach (var i in s.Order) repeated.Apply(s.Reports[i]);
            var once = Team(s.Threshold);
            foreach (var i in s.Order.Distinct()) once.Apply(s.Reports[i]);

            Assert.Equal(Json(once), Json(repeated));
            Assert.Equal(once.Log.ToDictionary(kv => kv.Key, kv => kv.Value.Count), repeated.Log.ToDictionary(kv => kv.Key, kv => kv.Value.Count));
        });

    [Property(MaxTest = 300)]
    public Property A_fresh_fold_of_the_stored_events_gives_the_inline_state() =>
        Prop.ForAll(ScenarioGen.ToArbitrary(), s =>
        {
            var team = Team(s.Threshold);
            foreach (var i in s.Order) team.Apply(s.Reports[i]);

            foreach (var (slug, log) in team.Log)
            {
                // Through the stored form, as a rebuild reads it back from the store.
                var stored = log.Select(e => EventTypes.Deserialize(EventTypes.NameOf(e), EventTypes.Serialize(e)));
                var rebuilt = ExpertState.Fold(null, stored)!;
                Assert.Equal(Build.Json(team.States[slug]), Build.Json(rebuilt));
            }
        });

    [Property(MaxTest = 200)]
    public Property Every_item_has_one_record_and_learned_items_are_promoted_once_at_most() =>
        Prop.ForAll(ScenarioGen.ToArbitrary(), s =>
        {
            var team = Team(s.Threshold);
            foreach (var i in s.Order) team.Apply(s.Reports[i]);

            foreach (var (slug, log) in team.Log)
            {
                var state = team.States[slug];
                Assert.All(log.OfType<KnowledgeRecorded>().GroupBy(r => r.ItemId), g => Assert.Single(g));
                Assert.All(log.OfType<KnowledgePromoted>().GroupBy(p => p.ItemId), g => Assert.Single(g));
                // Anything still in learned has fewer successful tasks than the threshold.
                Assert.All(state.Active(Sections.SectionKind.Learned), item => Assert.True(TaskLearning.SuccessfulTasks(state, item) < s.Threshold));
                Assert.All(state.Active(Sections.SectionKind.Known), item => Assert.True(TaskLearning.SuccessfulTasks(state, item) >= s.Threshold));
                Assert.Equal(state.Tasks.Count, state.Tasks.Select(t => t.TaskId).Distinct().Count());
            }
        });

    [Fact]
    public void The_generated_histories_often_promote_repeat_and_add_solutions()
    {
        var samples = Gen.Sample(ScenarioGen, 200).ToList();
        int promoted = 0, repeated = 0, secondSolution = 0;
        foreach (var s in samples)
        {
            var team = Team(s.Threshold);
            foreach (var i in s.Order) team.Apply(s.Reports[i]);
            if (team.Log.Values.Any(l => l.OfType<KnowledgePromoted>().Any())) promoted++;
            if (s.Order.Distinct().Count() < s.Order.Count) repeated++;
            if (team.States.Values.Any(st => st.Items.Values.Any(i => i.Solutions.Count > 1))) secondSolution++;
        }

        // Without these the properties above would hold for uninteresting reasons.
        Assert.True(promoted > 40, $"{promoted} of 200 histories promote");
        Assert.True(repeated > 40, $"{repeated} of 200 histories repeat a report");
        Assert.True(secondSolution > 10, $"{secondSolution} of 200 histories add a second solution");
    }
}
