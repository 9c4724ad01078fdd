using KnowledgeOs.Events;
using KnowledgeOs.Learning;

namespace KnowledgeOs.Tests.Domain;

/// <summary>Reading a team file; every bad input names the field, as reports do.</summary>
public sealed class TeamFileTests
{
    private const string Team = """
        {
          "team": "demo",
          "project": "Orbit",
          "experts": [
            { "slug": "ivan", "displayName": "Иван", "role": "Team Lead", "priority": 1, "duties": ["Ревью"], "tags": ["Architecture"] },
            { "slug": "mariya", "displayName": "Мария", "role": "Risk Manager" },
            { "slug": "mariya-qa", "displayName": "Мария", "role": "QA Engineer", "status": "paused", "responsibility": "Тесты" }
          ]
        }
        """;

    private static InputException Refused(string json) => Assert.Throws<InputException>(() => TeamFile.Parse(json, "team.json"));

    [Fact]
    public void A_team_file_becomes_onboarding_commands_with_defaults()
    {
        var t = TeamFile.Parse(Team, "team.json");

        Assert.Equal(("demo", "Orbit", 3), (t.Team, t.Project, t.Experts.Count));
        var ivan = t.Experts[0];
        Assert.Equal(("ivan", "Иван", "Team Lead", "Orbit", 1, ExpertStatus.Active), (ivan.Slug, ivan.DisplayName, ivan.Role, ivan.Project, ivan.Priority, ivan.Status));
        Assert.Equal(["Ревью"], ivan.Duties!);
        Assert.Equal((3, "", 0), (t.Experts[1].Priority, t.Experts[1].Responsibility, t.Experts[1].Tags!.Count));
        Assert.Equal((ExpertStatus.Paused, "Тесты"), (t.Experts[2].Status, t.Experts[2].Responsibility));
    }

    [Theory]
    [InlineData("\"slug\": \"ivan\"", "\"slug\": \"Ivan\"", "experts[0].slug")]
    [InlineData("\"slug\": \"ivan\", ", "", "experts[0].slug")]
    [InlineData("\"displayName\": \"Иван\", ", "", "experts[0].displayName")]
    [InlineData("\"role\": \"Risk Manager\"", "\"role\": \"\"", "experts[1].role")]
    [InlineData("\"priority\": 1", "\"priority\": 0", "experts[0].priority")]
    [InlineData("\"priority\": 1", "\"priority\": \"high\"", "experts[0].priority")]
    [InlineData("\"status\": \"paused\"", "\"status\": \"sleeping\"", "experts[2].status")]
    [InlineData("\"tags\": [\"Architecture\"]", "\"tags\": [1]", "experts[0].tags[0]")]
    [InlineData("\"team\": \"demo\"", "\"team\": \"Demo Team\"", "team")]
    [InlineData("\"team\": \"demo\",", "", "team")]
    [InlineData("\"slug\": \"mariya-qa\"", "\"slug\": \"ivan\"", "experts[2].slug")]
    [InlineData("\"role\": \"QA Engineer\"", "\"role\": \"risk manager\"", "experts[2].role")]
    public void A_bad_field_is_named(string from, string to, string field)
    {
        var json = Team.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Team, json);

        Assert.Equal(field, Refused(json).Field);
    }

    [Fact]
    public void Broken_JSON_and_an_empty_team_are_refused()
    {
        Assert.Contains("line 3", Refused("{\n \"team\": \"demo\"\n \"experts\": []\n}").Message, StringComparison.Ordinal);
        Assert.Equal("experts", Refused("{ \"team\": \"demo\", \"experts\": [] }").Field);
        Assert.Equal("experts", Refused("{ \"team\": \"demo\" }").Field);
        Assert.Equal("experts[0]", Refused("{ \"team\": \"demo\", \"experts\": [\"ivan\"] }").Field);
        Assert.Equal("$", Refused("[]").Field);
    }

    [Fact]
    public void Broken_JSON_names_the_line_and_says_what_is_wrong_as_a_report_does()
    {
        var ex = Refused("{\n  \"team\": \"demo\"\n  \"project\": \"Orbit\"\n}");

        Assert.StartsWith("team.json: not valid JSON at line 3, byte 3: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", ex.Message, StringComparison.Ordinal);
        Assert.Equal((ErrorCodes.JsonInvalid, "team.json"), (ex.Code, ex.Field));
    }

    [Fact]
    public void An_unpaired_surrogate_in_the_text_is_refused_with_a_code_not_a_crash()
    {
        var ex = Refused("{ \"team\": \"demo\uD800\" }");

        Assert.Equal((ErrorCodes.TextUnpairedSurrogate, "team.json"), (ex.Code, ex.Field));
    }
}
