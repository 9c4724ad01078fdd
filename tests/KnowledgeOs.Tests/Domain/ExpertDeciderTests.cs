using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using static KnowledgeOs.Tests.Domain.Build;

namespace KnowledgeOs.Tests.Domain;

/// <summary>Given(events) / When(command) / Then(events) for the pure decisions on one expert.</summary>
public sealed class ExpertDeciderTests
{
    private static readonly AddKnowledge Lesson = new(SectionKind.Learned, "Ключ идемпотентности хранится в транзакции платежа");

    private static ExpertState WithLesson(string source = "task:ORB-1") =>
        Given(Onboarded(), new KnowledgeRecorded
        {
            ItemId = ItemOf(Lesson), Section = SectionKind.Learned, Text = Lesson.Text, Source = source, At = Day(1),
        });

    private static string ItemOf(AddKnowledge c) =>
        Text.TextKey.ItemId(SectionCatalog.Get(c.Section).IdentityFamily, ExpertDecider.IdentityText(c.Section, c.Text, c.Fields));

    [Fact]
    public void A_new_item_is_recorded_with_its_source_and_date()
    {
        var then = ExpertDecider.Add(Given(Onboarded()), Lesson with { Text = "- **" + Lesson.Text + "**" }, "task:ORB-1", Day(1));

        var recorded = Assert.IsType<KnowledgeRecorded>(Assert.Single(then));
        Assert.Equal((SectionKind.Learned, Lesson.Text, "task:ORB-1", Day(1)), (recorded.Section, recorded.Text, recorded.Source, recorded.At));
    }

    [Fact]
    public void The_same_item_from_another_source_is_a_confirmation_not_a_duplicate()
    {
        var given = WithLesson();

        var then = ExpertDecider.Add(given, Lesson with { Text = "✅ ключ идемпотентности хранится в транзакции платежа." }, "task:ORB-2", Day(2));

        var confirmed = Assert.IsType<KnowledgeConfirmed>(Assert.Single(then));
        Assert.Equal(ItemOf(Lesson), confirmed.ItemId);
        var item = Assert.Single(Then(given, then).Items.Values);
        Assert.Equal(["task:ORB-1", "task:ORB-2"], item.AllSources);
        Assert.Equal(Lesson.Text, item.Text);
    }

    [Fact]
    public void The_same_source_twice_is_a_no_op()
    {
        var given = WithLesson();

        Assert.Empty(ExpertDecider.Add(given, Lesson, "task:ORB-1", Day(3)));
        var confirmedOnce = Then(given, ExpertDecider.Add(given, Lesson, "task:ORB-2", Day(2)));
        Assert.Empty(ExpertDecider.Add(confirmedOnce, Lesson, "task:ORB-2", Day(3)));
        Assert.Empty(ExpertDecider.Confirm(confirmedOnce, ItemOf(Lesson), "task:ORB-2", Day(3)));
    }

    [Fact]
    public void Known_and_learned_are_one_identity_so_new_evidence_confirms_known_knowledge()
    {
        var given = Given(Onboarded(), new KnowledgeRecorded
        {
            ItemId = ItemOf(Lesson), Section = SectionKind.Known, Text = Lesson.Text, Source = "import:igor.md", At = Day(0),
        });

        var then = ExpertDecider.Add(given, Lesson, "task:ORB-2", Day(2));

        Assert.IsType<KnowledgeConfirmed>(Assert.Single(then));
        Assert.Equal(SectionKind.Known, Then(given, then).Items[ItemOf(Lesson)].Section);
    }

    [Fact]
    public void Retract_then_add_brings_the_item_back_with_the_new_evidence()
    {
        var retracted = Then(WithLesson(), ExpertDecider.Retract(WithLesson(), ItemOf(Lesson), "устарело", "manual:ivan", Day(2)));
        Assert.False(retracted.Items[ItemOf(Lesson)].IsActive);

        var then = ExpertDecider.Add(retracted, Lesson, "task:ORB-3", Day(3));

        var recorded = Assert.IsType<KnowledgeRecorded>(Assert.Single(then));
        Assert.Equal(ItemOf(Lesson), recorded.ItemId);
        var item = Then(retracted, then).Items[ItemOf(Lesson)];
        Assert.True(item.IsActive);
        Assert.Null(item.RetractReason);
        Assert.Equal(["task:ORB-1", "task:ORB-3"], item.AllSources);
    }

    [Fact]
    public void Confirming_a_retracted_item_is_a_conflict()
    {
        var retracted = Then(WithLesson(), ExpertDecider.Retract(WithLesson(), ItemOf(Lesson), "устарело", "manual:ivan", Day(2)));

        var ex = Assert.Throws<ConflictException>(() => ExpertDecider.Confirm(retracted, ItemOf(Lesson), "manual:ivan", Day(3)));
        Assert.Contains("устарело", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retracting_twice_is_a_no_op_and_needs_a_reason()
    {
        var given = WithLesson();
        var retracted = Then(given, ExpertDecider.Retract(given, ItemOf(Lesson), "устарело", "manual:ivan", Day(2)));

        Assert.Empty(ExpertDecider.Retract(retracted, ItemOf(Lesson), "ещё раз", "manual:ivan", Day(3)));
        Assert.Equal("reason", Assert.Throws<InputException>(() => ExpertDecider.Retract(given, ItemOf(Lesson), " ", "manual:ivan", Day(3))).Field);
    }

    [Fact]
    public void Items_are_found_by_a_unique_id_prefix()
    {
        var given = WithLesson();
        var id = ItemOf(Lesson);

        Assert.Equal(id, ExpertDecider.Find(given, id[..12]).Id);
        Assert.Equal(id, ExpertDecider.Find(given, id[(id.IndexOf('-') + 1)..][..6]).Id);
        Assert.Throws<NotFoundException>(() => ExpertDecider.Find(given, "knowledge-zzzz"));
    }

    [Fact]
    public void A_problem_seen_again_with_a_new_solution_adds_it_and_with_a_known_one_does_not()
    {
        var problem = new AddKnowledge(SectionKind.Problem, "Двойные списания после таймаута",
            new Dictionary<string, string> { [ItemFields.Solution] = "Уникальный индекс на ключ" });
        var given = Then(Given(Onboarded()), ExpertDecider.Add(Given(Onboarded()), problem, "task:ORB-1", Day(1)));

        var second = ExpertDecider.Add(given, problem with { Fields = new Dictionary<string, string> { [ItemFields.Solution] = "Ответ 409 на другое тело" } }, "task:ORB-2", Day(2));
        var same = ExpertDecider.Add(given, problem with { Fields = new Dictionary<string, string> { [ItemFields.Solution] = "уникальный индекс на ключ." } }, "task:ORB-3", Day(3));

        Assert.Equal("Ответ 409 на другое тело", Assert.IsType<KnowledgeConfirmed>(Assert.Single(second)).AddedSolution);
        Assert.Null(Assert.IsType<KnowledgeConfirmed>(Assert.Single(same)).AddedSolution);
        Assert.Equal(["Уникальный индекс на ключ", "Ответ 409 на другое тело"], Then(given, second).Items.Values.Single().Solutions);
    }

    [Fact]
    public void The_same_source_with_a_second_solution_adds_it_without_counting_twice()
    {
        var problem = new AddKnowledge(SectionKind.Problem, "Двойные списания", new Dictionary<string, string> { [ItemFields.Solution] = "Уникальный индекс" });
        var given = Then(Given(Onboarded()), ExpertDecider.Add(Given(Onboarded()), problem, "task:ORB-1", Day(1)));

        var then = ExpertDecider.Add(given, problem with { Fields = new Dictionary<string, string> { [ItemFields.Solution] = "Ответ 409" } }, "task:ORB-1", Day(1));

        Assert.Equal("Ответ 409", Assert.IsType<KnowledgeConfirmed>(Assert.Single(then)).AddedSolution);
        var item = Then(given, then).Items.Values.Single();
        Assert.Equal(["task:ORB-1"], item.AllSources);
        Assert.Equal(2, item.Solutions.Count);
        Assert.Empty(ExpertDecider.Add(Then(given, then), problem, "task:ORB-1", Day(1)));
    }

    [Fact]
    public void Books_are_one_item_per_title_and_author()
    {
        var ddia = new AddKnowledge(SectionKind.Book, "Designing Data-Intensive Applications", new Dictionary<string, string> { [ItemFields.Author] = "Martin Kleppmann" });
        var given = Then(Given(Onboarded()), ExpertDecider.Add(Given(Onboarded()), ddia, "task:ORB-1", Day(1)));

        Assert.IsType<KnowledgeConfirmed>(Assert.Single(ExpertDecider.Add(given, ddia with { Text = "designing data-intensive applications" }, "task:ORB-2", Day(2))));
        Assert.IsType<KnowledgeRecorded>(Assert.Single(ExpertDecider.Add(given, ddia with { Fields = new Dictionary<string, string> { [ItemFields.Author] = "Someone Else" } }, "task:ORB-2", Day(2))));
    }

    [Fact]
    public void Empty_or_too_long_text_is_refused_naming_the_field()
    {
        var given = Given(Onboarded());

        Assert.Equal("text", Assert.Throws<InputException>(() => ExpertDecider.Add(given, Lesson with { Text = "  - " }, "manual:x", Day(1))).Field);
        var ex = Assert.Throws<InputException>(() => ExpertDecider.Add(given, Lesson with { Text = new string('я', 10_001) }, "manual:x", Day(1)));
        Assert.Equal("text", ex.Field);
        Assert.Single(ExpertDecider.Add(given, Lesson with { Text = new string('я', 10_000) }, "manual:x", Day(1)));
        Assert.Equal(ItemFields.Solution, Assert.Throws<InputException>(() => ExpertDecider.Add(given,
            new AddKnowledge(SectionKind.Problem, "p", new Dictionary<string, string> { [ItemFields.Solution] = new string('я', 10_001) }), "manual:x", Day(1))).Field);
    }

    private static readonly OnboardExpert Dmitriy = new("dmitriy", "Дмитрий", "Backend Developer", "Orbit", 2, ExpertStatus.Active,
        "Платёжное API", ["Идемпотентность"], ["dotnet", "postgresql"]);

    [Fact]
    public void Onboarding_gives_one_event_with_the_profile_cleaned()
    {
        var then = ExpertDecider.Onboard(null, Dmitriy with { DisplayName = " Дмитрий ", Tags = ["DotNet", "dotnet", " PostgreSQL "] }, "manual:ivan", Day(0));

        var e = Assert.IsType<ExpertOnboarded>(Assert.Single(then));
        Assert.Equal(("dmitriy", "Дмитрий", "Orbit", 2), (e.Slug, e.DisplayName, e.Project, e.Priority));
        Assert.Equal(["DotNet", "PostgreSQL"], e.Tags);
    }

    [Fact]
    public void Onboarding_twice_with_the_same_profile_is_a_no_op()
    {
        var given = Given(ExpertDecider.Onboard(null, Dmitriy, "manual:ivan", Day(0)).ToArray());

        Assert.Empty(ExpertDecider.Onboard(given, Dmitriy, "manual:ivan", Day(5)));
        Assert.Empty(ExpertDecider.Onboard(given, Dmitriy with { DisplayName = "Дмитрий ", Tags = ["DOTNET", "postgresql"] }, "manual:ivan", Day(5)));
    }

    [Theory]
    [InlineData("role")]
    [InlineData("displayName")]
    [InlineData("priority")]
    [InlineData("responsibility")]
    [InlineData("duties")]
    [InlineData("tags")]
    [InlineData("status")]
    public void Onboarding_again_with_a_different_profile_is_a_conflict(string field)
    {
        var given = Given(ExpertDecider.Onboard(null, Dmitriy, "manual:ivan", Day(0)).ToArray());
        var different = field switch
        {
            "role" => Dmitriy with { Role = "Team Lead" },
            "displayName" => Dmitriy with { DisplayName = "Дима" },
            "priority" => Dmitriy with { Priority = 1 },
            "responsibility" => Dmitriy with { Responsibility = "Леджер" },
            "duties" => Dmitriy with { Duties = ["Леджер"] },
            "tags" => Dmitriy with { Tags = ["kafka"] },
            _ => Dmitriy with { Status = ExpertStatus.Paused },
        };

        var ex = Assert.Throws<ConflictException>(() => ExpertDecider.Onboard(given, different, "manual:ivan", Day(5)));
        Assert.Contains("dmitriy", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_section_given_as_input_is_parsed_by_code_or_refused_naming_the_field_and_the_valid_codes()
    {
        Assert.Equal(SectionKind.BestPractice, SectionCatalog.ParseInput("best-practice", "--section"));
        var bad = Assert.Throws<InputException>(() => SectionCatalog.ParseInput("gossip", "sections"));
        Assert.Equal(("sections", $"Unknown section 'gossip' (expected {SectionCatalog.Codes})."), (bad.Field, bad.Message));
    }

    [Fact]
    public void Onboarding_refuses_a_bad_slug_or_status()
    {
        Assert.Equal("slug", Assert.Throws<InputException>(() => ExpertDecider.Onboard(null, Dmitriy with { Slug = "Дмитрий" }, "manual:ivan", Day(0))).Field);
        var status = Assert.Throws<InputException>(() => ExpertStatuses.ParseInput("sleeping"));
        Assert.Equal(("status", "Unknown status 'sleeping' (expected active, paused or retired)."), (status.Field, status.Message));
        Assert.Equal("role", Assert.Throws<InputException>(() => ExpertDecider.Onboard(null, Dmitriy with { Role = "" }, "manual:ivan", Day(0))).Field);
    }

    [Fact]
    public void A_change_with_nothing_different_gives_no_events()
    {
        var given = Given(ExpertDecider.Onboard(null, Dmitriy, "manual:ivan", Day(0)).ToArray());

        Assert.Empty(ExpertDecider.Change(given, new ChangeExpert(), "manual:ivan", Day(1)));
        Assert.Empty(ExpertDecider.Change(given, new ChangeExpert("Дмитрий", "Backend Developer", "Orbit", 2, ExpertStatus.Active, "Платёжное API",
            ["Идемпотентность"], ["dotnet", "postgresql"]), "manual:ivan", Day(1)));
        // Written differently but the same once cleaned, as onboarding cleans it.
        Assert.Empty(ExpertDecider.Change(given, new ChangeExpert(DisplayName: " Дмитрий", Duties: [" Идемпотентность "], Tags: [" dotnet", "postgresql ", "DotNet"]), "manual:ivan", Day(1)));
        // A tag keeps the case it is written in, so a new spelling is a change of the profile.
        Assert.Equal(["DotNet", "PostgreSQL"], Assert.IsType<ExpertProfileChanged>(Assert.Single(
            ExpertDecider.Change(given, new ChangeExpert(Tags: ["DotNet", "PostgreSQL"]), "manual:ivan", Day(1)))).Tags);
    }

    [Fact]
    public void A_change_records_only_the_fields_that_differ()
    {
        var given = Given(ExpertDecider.Onboard(null, Dmitriy, "manual:ivan", Day(0)).ToArray());

        var then = ExpertDecider.Change(given, new ChangeExpert(Role: "Team Lead", Priority: 2, Tags: ["dotnet", "Architecture"]), "manual:ivan", Day(1));

        var e = Assert.IsType<ExpertProfileChanged>(Assert.Single(then));
        Assert.Equal("Team Lead", e.Role);
        Assert.Null(e.Priority);
        Assert.Null(e.DisplayName);
        Assert.Equal(["dotnet", "Architecture"], e.Tags);
        var state = Then(given, then);
        Assert.Equal(("Team Lead", 2, "Дмитрий"), (state.Role, state.Priority, state.DisplayName));
    }

    [Theory]
    [InlineData("igor")]
    [InlineData("mariya-qa")]
    [InlineData("agent_7")]
    public void Good_slugs_pass(string slug) => ExpertDecider.ValidateSlug(slug);

    [Theory]
    [InlineData("")]
    [InlineData("Igor")]
    [InlineData("-igor")]
    [InlineData("игорь")]
    [InlineData("igor smith")]
    [InlineData("../etc")]
    public void Bad_slugs_are_refused(string slug) => Assert.Throws<InputException>(() => ExpertDecider.ValidateSlug(slug));
}
