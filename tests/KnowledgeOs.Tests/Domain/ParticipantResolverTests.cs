using KnowledgeOs.Application;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using static KnowledgeOs.Tests.Domain.Build;

namespace KnowledgeOs.Tests.Domain;

/// <summary>Finding the expert behind each participant: by slug, or by display name and role together.</summary>
public sealed class ParticipantResolverTests
{
    private static readonly IReadOnlyList<ExpertState> Team =
    [
        Given(Onboarded("ivan", "Иван", "Team Lead")),
        Given(Onboarded("mariya", "Мария", "Risk Manager")),
        Given(Onboarded("mariya-qa", "Мария", "QA Engineer")),
        Given(Onboarded("yuliya", "Юлия", "DevOps Engineer")),
    ];

    private static TaskReport Retro(params (string Name, string? Role)[] experts) =>
        new("RETRO-1", "Retro", "", Day(1), null,
            experts.Select(e => new Participant(new ExpertRef(null, e.Name, e.Role), Outcome.Success, 0, [], [], [], [], [], [])).ToList(),
            [], false, ReportFormats.Atra);

    [Fact]
    public void Two_experts_with_one_display_name_are_told_apart_by_role()
    {
        var resolved = ParticipantResolver.Resolve(Team, Retro(("Мария", "QA Engineer"), ("Мария", "Risk Manager")), onboardUnknown: false);

        Assert.Equal(["mariya-qa", "mariya"], resolved.Select(r => r.Slug));
        Assert.All(resolved, r => Assert.Null(r.Onboard));
    }

    [Fact]
    public void Name_and_role_match_after_normalization()
    {
        var resolved = ParticipantResolver.Resolve(Team, Retro(("МАРИЯ", "qa engineer"), ("Юлия", "DevOps Engineer.")), onboardUnknown: false);

        Assert.Equal(["mariya-qa", "yuliya"], resolved.Select(r => r.Slug));
    }

    [Fact]
    public void A_shared_name_without_a_role_is_ambiguous_and_the_error_lists_the_roles()
    {
        var ex = Assert.Throws<InputException>(() => ParticipantResolver.Resolve(Team, Retro(("Мария", null)), onboardUnknown: true));

        Assert.Equal("experts[0]", ex.Field);
        Assert.Contains("Risk Manager", ex.Message, StringComparison.Ordinal);
        Assert.Contains("QA Engineer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unique_name_without_a_role_is_enough()
    {
        Assert.Equal("ivan", Assert.Single(ParticipantResolver.Resolve(Team, Retro(("Иван", null)), onboardUnknown: false)).Slug);
    }

    [Fact]
    public void A_known_name_with_an_unknown_role_is_an_unknown_expert()
    {
        var ex = Assert.Throws<InputException>(() => ParticipantResolver.Resolve(Team, Retro(("Мария", "Product Owner")), onboardUnknown: false));

        Assert.Equal("experts[0]", ex.Field);
        Assert.Contains("'Мария' with role 'Product Owner'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--onboard", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_expert_is_onboarded_with_a_transliterated_slug_when_asked()
    {
        var resolved = ParticipantResolver.Resolve(Team, Retro(("Дмитрий", "Backend Developer"), ("Иван", "Team Lead")), onboardUnknown: true);

        var dmitriy = resolved[0];
        Assert.Equal("dmitriy", dmitriy.Slug);
        Assert.Equal(new OnboardExpert("dmitriy", "Дмитрий", "Backend Developer"), dmitriy.Onboard);
        Assert.Equal(("ivan", null), (resolved[1].Slug, resolved[1].Onboard));
    }

    [Fact]
    public void A_new_expert_whose_slug_is_taken_gets_a_number()
    {
        var resolved = ParticipantResolver.Resolve(Team, Retro(("Мария", "Product Owner"), ("Мария", "Designer")), onboardUnknown: true);

        Assert.Equal(["mariya-2", "mariya-3"], resolved.Select(r => r.Slug));
    }

    [Fact]
    public void A_native_participant_is_found_by_slug_and_an_unknown_slug_is_refused_or_onboarded()
    {
        var report = Report("ORB-1", 1, Participant("yuliya"), Participant("dmitriy"));

        var ex = Assert.Throws<InputException>(() => ParticipantResolver.Resolve(Team, report, onboardUnknown: false));
        Assert.Equal("participants[1]", ex.Field);
        Assert.Contains("'dmitriy'", ex.Message, StringComparison.Ordinal);

        var resolved = ParticipantResolver.Resolve(Team, report, onboardUnknown: true);
        Assert.Equal(("yuliya", "dmitriy"), (resolved[0].Slug, resolved[1].Slug));
        Assert.Equal("dmitriy", resolved[1].Onboard!.DisplayName);
    }

    [Fact]
    public void The_same_expert_twice_in_one_report_is_refused()
    {
        var ex = Assert.Throws<InputException>(() => ParticipantResolver.Resolve(Team, Retro(("Юлия", "DevOps Engineer"), ("юлия", null)), onboardUnknown: false));

        Assert.Contains("yuliya", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_that_gives_no_slug_cannot_be_onboarded()
    {
        var ex = Assert.Throws<InputException>(() => ParticipantResolver.Resolve(Team, Retro(("李雷", "Analyst")), onboardUnknown: true));

        Assert.Equal("experts[0]", ex.Field);
    }

    [Fact]
    public void The_same_new_person_twice_in_one_report_is_refused_not_onboarded_twice()
    {
        var ex = Assert.Throws<InputException>(() =>
            ParticipantResolver.Resolve(Team, Retro(("Пётр", "Analyst"), ("пётр", "analyst")), onboardUnknown: true));

        Assert.Equal("experts[1]", ex.Field);
        Assert.Contains("twice", ex.Message, StringComparison.Ordinal);
    }
}
