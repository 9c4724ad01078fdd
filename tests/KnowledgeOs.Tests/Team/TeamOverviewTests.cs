using KnowledgeOs.Events;
using KnowledgeOs.Rendering;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Programs;
using KnowledgeOs.Tests.Domain;
using KnowledgeOs.Tests.Samples;
using KnowledgeOs.Tests.Support;
using KnowledgeOs.Team;

namespace KnowledgeOs.Tests.Team;

public class TeamOverviewTests
{
    private static DomainTeam SampleTeam()
    {
        var team = DomainTeam.FromFile(Path.Combine(Repo.Samples, "team.json"));
        foreach (var file in Directory.GetFiles(Path.Combine(Repo.Samples, "reports"), "*.json").Order(StringComparer.Ordinal))
            team.ApplyFile(file);
        return team;
    }

    [Fact]
    public void The_sample_team_ranking_orders_by_evidenced_progress_and_measures_the_change_from_an_earlier_state()
    {
        var team = SampleTeam();
        var now = new DateTimeOffset(2026, 4, 14, 0, 0, 0, TimeSpan.Zero);
        var earlier = new Dictionary<string, ExpertState> { ["dmitriy"] = Build.Given(team.Log["dmitriy"][0]) };
        var ranking = ProgressRanking.Build("demo", [.. team.States.Values], earlier, ProgramCatalog.Builtin, now, now.AddDays(-7));
        Assert.Equal(5, ranking.Rows.Count);
        Assert.Equal([1, 2, 3, 4, 5], ranking.Rows.Select(r => r.Rank));
        Assert.True(ranking.Rows.Zip(ranking.Rows.Skip(1)).All(p => p.First.Progress >= p.Second.Progress));
        var dmitriy = ranking.Rows.Single(r => r.Slug == "dmitriy");
        Assert.Equal("backend-developer", dmitriy.Program);
        Assert.Equal(dmitriy.Progress, dmitriy.Change);
        Assert.All(ranking.Rows.Where(r => r.Slug != "dmitriy"), r => Assert.Equal("new", r.ChangeText));
        Assert.Contains("| 1 | ", ranking.ToMarkdown(RenderLanguage.En));
        Assert.Contains("| # | эксперт | роль | прогресс | уровень | изменение (7 дн.) |", ranking.ToMarkdown(RenderLanguage.Ru));
        Assert.Contains("| новый |", ranking.ToMarkdown(RenderLanguage.Ru));
    }

    [Fact]
    public void The_overview_counts_members_coverage_weekly_gains_shared_practices_and_who_knows_what()
    {
        var team = SampleTeam();
        var states = team.States.Values.ToList();
        var asOf = new DateTimeOffset(2026, 4, 14, 0, 0, 0, TimeSpan.Zero);
        var ranking = ProgressRanking.Build("demo", states, new Dictionary<string, ExpertState>(), ProgramCatalog.Builtin, asOf, asOf.AddDays(-7));
        var o = TeamOverview.Build("demo", states, ranking, asOf);
        Assert.Equal((5, 5, 5), (o.Members, o.Active, o.WithKnowledgeBase));
        Assert.InRange(o.CoveragePercent, 1, 100);
        // The last week of the story (7–13 April) holds ORB-118 and RETRO-119.
        Assert.NotEmpty(o.GainedThisWeek);
        var top = o.TopPractices[0];
        Assert.Equal("Ревью кода до слияния", top.Text);
        Assert.True(top.Experts >= 2);
        Assert.Contains("kafka", o.Matrix.Topics);
        var yuliya = o.Matrix.Rows.Single(r => r.Slug == "yuliya");
        Assert.True(yuliya.Scores[o.Matrix.Topics.ToList().IndexOf("kafka")] > 0);

        var md = TeamDocument.Render(o, RenderLanguage.En);
        Assert.Contains("| 5 | 5 | 5 |", md);
        Assert.Contains("## 🧭 Who knows what", md);
        Assert.Contains("## ✅ Most confirmed practices", md);
        var ru = TeamDocument.Render(o, RenderLanguage.Ru);
        Assert.Contains("# 👥 ЗНАНИЯ КОМАНДЫ: demo", ru);
        Assert.Contains("## ✅ САМЫЕ ПОДТВЕРЖДЁННЫЕ ПРАКТИКИ", ru);
        Assert.Contains("## 🧭 КТО ЧТО ЗНАЕТ", ru);
        Assert.DoesNotContain("Who knows what", ru);
        var svg = TeamSvg.SkillMatrix(o.Matrix, "demo");
        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"", svg);
        System.Xml.Linq.XDocument.Parse(svg);
        System.Xml.Linq.XDocument.Parse(TeamSvg.Ranking(ranking));
    }

    [Fact]
    public void The_digest_lists_what_each_expert_learned_in_the_window_only()
    {
        var team = SampleTeam();
        // ORB-101 completed 2026-03-03T17:40Z: the 24 h up to 4 March 06:00 hold it alone.
        var digest = LearningDigest.Build("demo", [.. team.States.Values],
            new DateTimeOffset(2026, 3, 3, 6, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 4, 6, 0, 0, TimeSpan.Zero));
        Assert.Equal(["dmitriy", "ivan", "mariya-qa"], digest.Experts.Select(e => e.Slug));
        var dmitriy = digest.Experts[0];
        Assert.Equal(Outcome.Success, Assert.Single(dmitriy.Tasks).Outcome); // the enum, not its text read back
        Assert.Contains(dmitriy.NewItems, i => i.Section == "book" && i.Text == "Designing Data-Intensive Applications");
        Assert.Contains("## Дмитрий (`dmitriy`)", digest.ToMarkdown(RenderLanguage.En));
        var ru = digest.ToMarkdown(RenderLanguage.Ru);
        Assert.Contains("- новое (Книги и ресурсы): Designing Data-Intensive Applications", ru);
        Assert.Contains("- new (Books and resources): Designing Data-Intensive Applications", digest.ToMarkdown(RenderLanguage.En));
        var empty = LearningDigest.Build("demo", [.. team.States.Values], new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero));
        Assert.Empty(empty.Experts);
        Assert.Contains("Nothing was learned", empty.ToMarkdown(RenderLanguage.En));
        Assert.Contains("За этот период ничего нового не записано.", empty.ToMarkdown(RenderLanguage.Ru));
    }
}
