using KnowledgeOs.Retrieval;

namespace KnowledgeOs.Tests.Retrieval;

/// <summary>
/// A task is asked with verbs («зашифровать ключи», «выкатить версию») while items are named with nouns ("API keys
/// encryption", "Continuous Deployment"); the glossary's concept lines carry the verbs, so the two meet.
/// </summary>
public sealed class GlossaryVerbTests
{
    [Theory]
    [InlineData("зашифровать", "encryption")]
    [InlineData("выкатить", "deployment")]
    [InlineData("выкатывать", "deployment")]
    [InlineData("откатывать", "rollback")]
    [InlineData("реплицировать", "replication")]
    [InlineData("мигрировать", "migration")]
    [InlineData("логировать", "logging")]
    [InlineData("мониторить", "monitoring")]
    [InlineData("рефакторить", "refactoring")]
    [InlineData("задокументировать", "documentation")]
    [InlineData("протестировать", "testing")]
    [InlineData("разбить", "split")]
    [InlineData("technical", "технический")]
    [InlineData("внедрить", "implementation")]
    [InlineData("спланировать", "planning")]
    [InlineData("проанализировать", "analysis")]
    [InlineData("контейнеризировать", "containerization")]
    [InlineData("распараллелить", "parallelism")]
    [InlineData("проверить", "verification")]
    [InlineData("разработать", "development")]
    public void A_verb_or_adjective_of_a_task_meets_its_concept_in_the_other_language(string word, string concept)
    {
        var plan = QueryPlan.Build(TextAnalyzer.Words(word), false, Glossary.Technical);

        Assert.Contains(plan.Groups[0].Alternatives, a => a.How == MatchKind.Glossary && a.Shown == concept);
    }

    [Fact]
    public void A_trading_execution_benchmark_named_in_russian_meets_its_acronym()
    {
        var plan = QueryPlan.Build(TextAnalyzer.Words("средневзвешенная по объёму цена"), false, Glossary.Technical);

        Assert.Contains(plan.Groups[0].Alternatives, a => a.How == MatchKind.Glossary && a.Shown == "vwap");
    }
}
