using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using KnowledgeOs.Events;
using Outcome = KnowledgeOs.Events.Outcome;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Programs;
using KnowledgeOs.Sections;
using KnowledgeOs.Tests.Domain;

namespace KnowledgeOs.Tests.Programs;

public class ProgramProgressTests
{
    private static readonly ProgramCatalog Catalog = ProgramCatalog.Builtin;

    [Fact]
    public void A_new_expert_has_zero_progress_and_every_item_open_with_what_closes_it()
    {
        var p = ProgramEvaluator.Evaluate(Build.Given(Build.Onboarded()), Catalog);
        Assert.Equal("backend-developer", p.Template.Id);
        Assert.Equal(0, p.Percent);
        Assert.Equal(p.Total, p.Open.Count());
        Assert.All(p.Open, o => Assert.NotEmpty(o.Result.ToClose.En));
    }

    [Fact]
    public void Progress_is_the_share_of_items_whose_evidence_holds()
    {
        var state = Build.LearnAll(Build.Given(Build.Onboarded()), [
            Build.Task("T-1", 1, knowledge: ["a1", "a2", "a3"], materials: ["Designing Data-Intensive Applications - Martin Kleppmann"],
                problems: [new ProblemSolution("Двойные списания", "Уникальный индекс")]),
            Build.Task("T-2", 2),
        ]);
        var p = ProgramEvaluator.Evaluate(state, Catalog);
        var held = p.Items.Where(i => i.Result.Holds).Select(i => i.Item.Text).ToList();
        // 3 knowledge items, a first task, 2 successful tasks, the DDIA book, a problem solved.
        Assert.Equal(["Изучение области: архитектура и данные проекта", "Понимание проекта: первая задача", "Первые успешные задачи",
            "Designing Data-Intensive Applications", "Решение задач: проблема с решением"], held);
        Assert.Equal(26, p.Total);
        Assert.Equal(5 * 100 / 26, p.Percent);
    }

    [Property(MaxTest = 60)]
    public Property Progress_is_never_over_100_percent_whatever_the_evidence()
    {
        var gen = Gen.ListOf(Gen.Elements(Outcome.Success, Outcome.Partial, Outcome.Failure))
            .Zip(Gen.Choose(0, 40), (outcomes, extra) => (outcomes, extra));
        return Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var (outcomes, extra) = x;
            var state = Build.LearnAll(Build.Given(Build.Onboarded()),
                outcomes.Take(60).Select((o, i) => Build.Task($"T-{i}", i, o, knowledge: [$"k{i % 7}"], problems: [new ProblemSolution($"p{i}", "s")],
                    materials: [$"Book {i % 5} - A"])));
            foreach (var kind in new[] { SectionKind.Mentorship, SectionKind.Publication, SectionKind.Certification, SectionKind.Case, SectionKind.Innovation })
                for (var i = 0; i < extra; i++)
                    state = Build.Then(state, ExpertDecider.Add(state, new AddKnowledge(kind, $"{kind} {i}"), "manual:test", Build.Day(i)));
            return Catalog.Templates.All(t =>
            {
                var p = ProgramEvaluator.Evaluate(state with { Role = t.Role }, t);
                return p.Percent is >= 0 and <= 100 && p.Done <= p.Total && (p.Percent == 100) == (p.Done == p.Total);
            });
        });
    }

    [Fact]
    public void The_program_renders_in_the_atra_layout_with_ticks_only_where_evidence_holds()
    {
        var state = Build.LearnAll(Build.Given(Build.Onboarded()), [Build.Task("T-1", 1, knowledge: ["a1", "a2", "a3"])]);
        var p = ProgramEvaluator.Evaluate(state, Catalog);
        var md = ProgramRenderer.Render(p);
        Assert.StartsWith("# 🎓 ПРОГРАММА ОБУЧЕНИЯ: Дмитрий (Backend Developer)\n", md);
        foreach (var heading in new[] { "## 🎯 ЦЕЛИ ОБУЧЕНИЯ", "## 📚 МАТЕРИАЛЫ ДЛЯ ИЗУЧЕНИЯ", "## 📅 ПЛАН ОБУЧЕНИЯ", "### Неделя 1-2: Основы",
                     "## ✅ КРИТЕРИИ УСПЕХА", "## 🌟 ЭКСПЕРТНЫЙ УРОВЕНЬ (МИРОВОЙ КЛАСС)", "### Неделя 7-8:", "## 🔥 МАКСИМАЛЬНЫЙ УРОВЕНЬ", "### Неделя 21-24:" })
            Assert.Contains(heading, md);
        var ticked = md.Split('\n').Where(l => l.StartsWith("- [x]", StringComparison.Ordinal)).ToList();
        Assert.Equal(p.Done, ticked.Count);
        Assert.All(ticked, l => Assert.Contains(" — ✔ ", l));
        Assert.Contains("- [x] Понимание проекта: первая задача — ✔ выполнено задач: 1 (нужно ≥ 1)", md);
        Assert.Equal(p.Total - p.Done, md.Split('\n').Count(l => l.StartsWith("- [ ]", StringComparison.Ordinal)));
        Assert.Contains($"**Прогресс по доказательствам:** {p.Percent}% ({p.Done}/{p.Total})", md);
        Assert.Contains("### Открытые пункты:", md);
    }

    [Fact]
    public void A_claimed_progress_is_shown_beside_the_evidence_as_a_labelled_claim_and_never_counted()
    {
        var state = Build.Given(Build.Onboarded(role: "Product Manager"),
            new MetricClaimImported { Label = "Статус", Value = "✅ МАКСИМАЛЬНЫЙ УРОВЕНЬ ДОСТИГНУТ (195%)", Source = "import:anastasiya_program.md", At = Build.Start },
            new MetricClaimImported { Label = "Покрытие тестами", Value = "85%", Source = "import:anastasiya_knowledge.md", At = Build.Start });
        var p = ProgramEvaluator.Evaluate(state, Catalog);
        Assert.Equal(0, p.Percent);
        var claim = Assert.Single(p.Claims);
        Assert.Equal(195, claim.Percent);
        var md = ProgramRenderer.Render(p);
        Assert.Contains("**Заявлено в импортированном файле:** 195% — «Статус: ✅ МАКСИМАЛЬНЫЙ УРОВЕНЬ ДОСТИГНУТ (195%)» (import:anastasiya_program.md) — заявка, не прогресс", md);
        Assert.Contains("**Прогресс по доказательствам:** 0% (0/26)", md);
        Assert.Contains("Claimed in an imported file", ProgramRenderer.Render(p, english: true));
    }
}
