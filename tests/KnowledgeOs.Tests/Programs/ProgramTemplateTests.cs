using KnowledgeOs.Programs;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Programs;

public class ProgramTemplateTests
{
    private const string Minimal = """
        {
          "role": "Data Analyst",
          "stages": [
            { "weeks": "1-2", "tier": "basics", "title": "Основы", "items": [ { "text": "Первые задачи", "evidence": "successful_tasks:>=1" } ] }
          ]
        }
        """;

    [Fact]
    public void Every_template_in_the_repository_loads_and_the_sample_roles_have_their_own()
    {
        var catalog = ProgramCatalog.Builtin;
        var files = Directory.GetFiles(Path.Combine(Repo.Root, "templates", "programs"), "*.json").Select(Path.GetFileNameWithoutExtension).Order();
        Assert.Equal(files, catalog.Templates.Select(t => t.Id));
        foreach (var role in new[] { "Team Lead", "Backend Developer", "Risk Manager", "QA Engineer", "DevOps Engineer" })
            Assert.False(catalog.ForRole(role).IsGeneric, role);
        Assert.True(catalog.ForRole("Legal Counsel").IsGeneric);
        Assert.Equal("backend-developer", catalog.ForRole("backend  developer").Id);
    }

    [Fact]
    public void Every_built_in_template_has_the_five_tiers_in_week_order()
    {
        foreach (var t in ProgramCatalog.Builtin.Templates)
        {
            Assert.Equal(Enum.GetValues<ProgramTier>(), t.Stages.Select(s => s.Tier).Distinct());
            Assert.Equal(1, t.Stages[0].FromWeek);
            Assert.Equal(24, t.Stages[^1].ToWeek);
        }
    }

    [Fact]
    public void Adding_a_role_is_adding_a_file()
    {
        var catalog = ProgramCatalog.WithOverrides([("data-analyst.json", Minimal)]);
        var t = catalog.ForRole("Data Analyst");
        Assert.Equal("data-analyst", t.Id);
        Assert.Single(t.Checklist);
        Assert.Equal("generic", catalog.ForRole("Monitor").Id);
    }

    [Fact]
    public void A_template_with_an_unknown_evidence_rule_is_an_error_naming_the_file_and_the_item()
    {
        var bad = Minimal.Replace("successful_tasks:>=1", "sucessful_tasks:>=1");
        var ex = Assert.Throws<InputException>(() => ProgramTemplateReader.Parse(bad, "data-analyst.json"));
        Assert.Contains("data-analyst.json", ex.Message);
        Assert.Contains("«Первые задачи»", ex.Message);
        Assert.Contains("stages[0].items[0].evidence", ex.Message);
        Assert.Contains("unknown evidence rule 'sucessful_tasks:>=1'", ex.Message);
    }

    [Theory]
    [InlineData("\"tier\": \"basics\"", "\"tier\": \"beginner\"", "unknown tier 'beginner'")]
    [InlineData("\"weeks\": \"1-2\"", "\"weeks\": \"2-1\"", "ends before it starts")]
    [InlineData("\"evidence\": \"successful_tasks:>=1\"", "\"evidance\": \"successful_tasks:>=1\"", "'stages[0].items[0].evidance' is not a template field")]
    [InlineData("\"role\": \"Data Analyst\",", "", "'role' is required")]
    public void A_malformed_template_is_refused_naming_the_field(string from, string to, string expected)
    {
        var ex = Assert.Throws<InputException>(() => ProgramTemplateReader.Parse(Minimal.Replace(from, to), "x.json"));
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Two_templates_claiming_one_role_are_refused()
    {
        var ex = Assert.Throws<InputException>(() => ProgramCatalog.WithOverrides([("backend-2.json", Minimal.Replace("Data Analyst", "Backend Developer"))]));
        Assert.Contains("backend-2.json", ex.Message);
        Assert.Contains("backend-developer.json", ex.Message);
    }
}
