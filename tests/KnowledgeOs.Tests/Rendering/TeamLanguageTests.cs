using KnowledgeOs.Rendering;
using KnowledgeOs.Tests.Domain;

namespace KnowledgeOs.Tests.Rendering;

/// <summary>Without --lang a team's documents are in the team's own language, derived from its text.</summary>
public class TeamLanguageTests
{
    [Fact]
    public void A_team_whose_text_is_mostly_latin_is_english_and_one_mostly_cyrillic_or_empty_is_russian()
    {
        var russian = Build.Given(Build.Onboarded()) with { DisplayName = "Иван Петров", Role = "Бэкенд-разработчик" };
        var english = russian with { DisplayName = "John Smith", Role = "Backend developer", Responsibility = "Payments API and its storage" };
        Assert.Equal(RenderLanguage.Ru, TeamLanguage.Of([]));
        Assert.Equal(RenderLanguage.Ru, TeamLanguage.Of([russian with { Items = english.Items.Clear() }]));
        Assert.Equal(RenderLanguage.En, TeamLanguage.Of([english with { Items = english.Items.Clear() }]));
        Assert.Equal(RenderLanguage.En, TeamLanguage.Resolve("en", "--lang", [russian]));
        var error = Assert.Throws<InputException>(() => TeamLanguage.Resolve("de", "--lang", [russian]));
        Assert.Equal("--lang", error.Field);
    }

    [Fact]
    public void An_experts_texts_are_counted_once_per_state_and_again_for_a_changed_one()
    {
        var state = Build.Given(Build.Onboarded()) with { DisplayName = "Иван Петров", Role = "Backend developer" };

        var counted = TeamLanguage.Texts(state);

        Assert.Same(counted, TeamLanguage.Texts(state));
        var changed = TeamLanguage.Texts(state with { Role = "Бэкенд-разработчик" });
        Assert.Equal((counted.Russian + 1, counted.English - 1), (changed.Russian, changed.English));
    }
}
