using KnowledgeOs.Experts;
using KnowledgeOs.Metrics;
using KnowledgeOs.Programs;
using KnowledgeOs.Rendering;
using KnowledgeOs.Sections;
using KnowledgeOs.Tests.Domain;

namespace KnowledgeOs.Tests.Programs;

/// <summary>A check is ticked by what its label says, not by a neighbouring count (issue 14).</summary>
public sealed class ChecksMeanWhatTheySayTests
{
    private static ExpertState ImportedKnowing(int known)
    {
        var state = Build.Given(Build.Onboarded());
        for (var i = 0; i < known; i++)
            state = Build.Then(state, ExpertDecider.Add(state, new AddKnowledge(SectionKind.Known, $"Знание номер {i}"), "import:dmitriy_knowledge.md", Build.Day(0)));
        return state;
    }

    [Fact]
    public void An_expert_with_no_task_gets_no_tick_for_knowledge_confirmed_by_tasks_however_much_was_imported()
    {
        var state = ImportedKnowing(8);
        Assert.Empty(state.Tasks);
        var check = ProgramEvaluator.Evaluate(state, ProgramCatalog.Builtin).Items.Single(i => i.Item.Text == "Знания подтверждены задачами");
        Assert.Equal("task_confirmed_items:>=3", check.Item.Rule.Text);
        Assert.False(check.Result.Holds);
    }

    [Fact]
    public void Knowledge_confirmed_by_tasks_ticks_once_a_later_task_confirms_it_not_when_first_recorded()
    {
        var once = Build.LearnAll(ImportedKnowing(1), [Build.Task("T-1", 1, knowledge: ["k1", "k2", "k3"])]);
        static bool Holds(ExpertState s) =>
            ProgramEvaluator.Evaluate(s, ProgramCatalog.Builtin).Items.Single(i => i.Item.Text == "Знания подтверждены задачами").Result.Holds;
        Assert.False(Holds(once));
        Assert.True(Holds(Build.LearnAll(once, [Build.Task("T-2", 2, knowledge: ["k1", "k2", "k3"])])));
    }

    [Fact]
    public void The_confirmed_metric_counts_confirmations_not_imported_items()
    {
        var state = ImportedKnowing(3);
        Assert.Equal(0, ExpertMetrics.Of(state).KnowledgeReconfirmed);
        Assert.Contains("- **Знаний подтверждено:** 0\n", MarkdownRenderer.Render(state, RenderOptions.Default));
        var known = state.Active(SectionKind.Known).First();
        state = Build.LearnAll(state, [Build.Task("T-2", 2, knowledge: [known.Text])]);
        Assert.Equal(1, ExpertMetrics.Of(state).KnowledgeReconfirmed);
    }
}
