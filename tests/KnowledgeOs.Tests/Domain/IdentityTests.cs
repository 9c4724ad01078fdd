using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Sections;
using KnowledgeOs.Text;
using static KnowledgeOs.Tests.Domain.Build;

namespace KnowledgeOs.Tests.Domain;

/// <summary>Aliases, resolution by alias and transliteration, and merging a near-twin (issue 11).</summary>
public sealed class IdentityTests
{
    private static TaskReport Retro(params (string Name, string? Role)[] experts) =>
        new("RETRO-1", "Retro", "", Day(1), null,
            experts.Select(e => new Participant(new ExpertRef(null, e.Name, e.Role), Outcome.Success, 0, [], [], [], [], [], [])).ToList(),
            [], false, ReportFormats.Atra);

    [Theory]
    [InlineData("Андрей", "Andrey")]
    [InlineData("Юлия", "yuliya")]
    [InlineData("София", "Sofia")]
    [InlineData("Дарья", "daria")]
    [InlineData("Алексей", "alexey")]
    [InlineData("Артём", "Artem")]
    public void A_name_and_its_transliteration_share_a_key(string cyrillic, string latin) =>
        Assert.Equal(Transliteration.NameKey(cyrillic), Transliteration.NameKey(latin));

    [Fact]
    public void Different_names_keep_different_keys() =>
        Assert.NotEqual(Transliteration.NameKey("Мария"), Transliteration.NameKey("Марина"));

    [Fact]
    public void A_name_written_in_another_script_finds_the_expert_by_transliteration_and_says_so()
    {
        IReadOnlyList<ExpertState> team = [Given(Onboarded("andrey", "Andrey", "Frontend Developer")), Given(Onboarded("sofia", "Sofia", "UI/UX Designer"))];

        var resolved = ParticipantResolver.Resolve(team, Retro(("Андрей", "Frontend Developer"), ("София", null)), onboardUnknown: true);

        Assert.Equal(["andrey", "sofia"], resolved.Select(r => r.Slug));
        Assert.All(resolved, r => Assert.Null(r.Onboard));
        Assert.Contains("transliteration", resolved[0].MatchedBy, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_finds_the_expert_and_the_role_tells_namesakes_apart()
    {
        var yuliya = Then(Given(Onboarded("yuliya", "Елена", "Legal Counsel")),
            ExpertDecider.AddAlias(Given(Onboarded("yuliya", "Елена", "Legal Counsel")), "Юлия", AliasKind.Manual, "manual:test", Day(1)));
        IReadOnlyList<ExpertState> team = [Given(Onboarded("elena", "Елена", "Monitor")), yuliya];

        var resolved = ParticipantResolver.Resolve(team, Retro(("Юлия", null), ("Елена", "Monitor")), onboardUnknown: false);

        Assert.Equal(["yuliya", "elena"], resolved.Select(r => r.Slug));
        Assert.Contains("alias 'Юлия'", resolved[0].MatchedBy, StringComparison.Ordinal);
    }

    [Fact]
    public void Onboarding_never_creates_a_near_twin_of_an_expert_with_the_same_name_and_role()
    {
        IReadOnlyList<ExpertState> team = [Given(Onboarded("andrey", "Andrey", "Frontend Developer"))];

        var resolved = Assert.Single(ParticipantResolver.Resolve(team, Retro(("Андрей", "frontend developer")), onboardUnknown: true));

        Assert.Equal(("andrey", null), (resolved.Slug, resolved.Onboard));
    }

    [Fact]
    public void An_alias_the_expert_already_answers_to_is_not_recorded_again_and_removing_it_twice_changes_nothing()
    {
        var state = Given(Onboarded("andrey", "Andrey", "Frontend Developer"));
        Assert.Empty(ExpertDecider.AddAlias(state, "ANDREY", AliasKind.Manual, "manual:t", Day(1)));

        state = Then(state, ExpertDecider.AddAlias(state, "Андрей", AliasKind.Title, "import:andrey_program.md", Day(1)));
        Assert.Empty(ExpertDecider.AddAlias(state, "андрей", AliasKind.Manual, "manual:t", Day(2)));
        var removed = ExpertDecider.RemoveAlias(state, "андрей", "manual:t", Day(3));
        state = Then(state, removed);

        Assert.Empty(state.Aliases);
        Assert.Empty(ExpertDecider.RemoveAlias(state, "Андрей", "manual:t", Day(4)));
    }

    [Fact]
    public void Merging_a_twin_moves_its_open_tasks_to_the_survivor_once()
    {
        var into = Given(Onboarded("andrey", "Andrey", "Frontend Developer"));
        into = Then(into, [new TaskStarted { TaskId = "C", Source = "task:C", At = Day(1) }]);
        var from = Given(Onboarded("andrey-2", "Андрей", "Frontend Developer"));
        from = Then(from, [new TaskStarted { TaskId = "C", Source = "task:C", At = Day(1) }, new TaskStarted { TaskId = "D", Title = "Forms", Source = "task:D", At = Day(2) }]);

        var (_, intoEvents) = ExpertMerge.Decide(from, into, "manual:lead", Day(5));
        var merged = Then(into, intoEvents);

        Assert.Equal([("C", (string?)null), ("D", "Forms")], merged.OpenTasks.Select(o => (o.TaskId, o.Title)));
        Assert.Single(intoEvents.OfType<TaskStarted>());
    }

    [Fact]
    public void Merging_a_twin_moves_its_items_tasks_and_names_and_merging_again_decides_nothing()
    {
        var into = Given(Onboarded("andrey", "Andrey", "Frontend Developer"));
        into = Then(into, ExpertDecider.Add(into, new AddKnowledge(SectionKind.Learned, "React suspense"), "task:A", Day(1)));
        var from = Given(Onboarded("andrey-2", "Андрей", "Frontend Developer"));
        from = Then(from, ExpertDecider.Add(from, new AddKnowledge(SectionKind.Learned, "React suspense"), "task:B", Day(2)));
        from = Then(from, ExpertDecider.Add(from, new AddKnowledge(SectionKind.Learned, "CSS containment"), "task:B", Day(2)));
        from = Then(from, [new TaskCompleted { TaskId = "B", Title = "B", Outcome = Outcome.Success, Source = "task:B", At = Day(2) }]);

        var (fromEvents, intoEvents) = ExpertMerge.Decide(from, into, "manual:lead", Day(5));
        var merged = Then(into, intoEvents);
        var twin = Then(from, fromEvents);

        Assert.Equal(2, merged.Active(SectionKind.Learned).Count());
        var shared = merged.Active(SectionKind.Learned).Single(i => i.Text == "React suspense");
        Assert.Equal(["task:A", "task:B"], shared.AllSources);
        Assert.Equal(Day(2), shared.Confirmations.Single().At);
        Assert.NotNull(merged.Task("B"));
        Assert.Contains(merged.Aliases, a => a.Name == "Андрей" && a.Kind == AliasKind.Merge);
        Assert.Contains(merged.Aliases, a => a.Name == "andrey-2");
        Assert.Equal(("andrey", ExpertStatus.Retired), (twin.MergedInto, twin.Status));
        Assert.Equal((0, 0), (ExpertMerge.Decide(twin, merged, "manual:lead", Day(6)).From.Count, ExpertMerge.Decide(twin, merged, "manual:lead", Day(6)).Into.Count));

        var resolved = ParticipantResolver.Resolve([merged, twin], Retro(("Андрей", "Frontend Developer")), onboardUnknown: false);
        Assert.Equal("andrey", Assert.Single(resolved).Slug);
        var bySlug = ParticipantResolver.Resolve([merged, twin], Report("C", 7, Participant("andrey-2")), onboardUnknown: false);
        Assert.Equal("andrey", Assert.Single(bySlug).Slug);
    }
}
