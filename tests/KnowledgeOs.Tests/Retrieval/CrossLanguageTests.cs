using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Text;

namespace KnowledgeOs.Tests.Retrieval;

/// <summary>The deterministic parts of cross-language search: fleeting vowels, cognate keys, the glossaries and the query plan.</summary>
public sealed class CrossLanguageTests
{
    [Theory]
    [InlineData("уровень", "уровни")]
    [InlineData("уровень", "уровня")]
    [InlineData("ошибок", "ошибка")]
    [InlineData("рынок", "рынка")]
    [InlineData("индекс", "индексы")]
    [InlineData("токен", "токены")]
    public void Fleeting_vowels_do_not_keep_russian_word_forms_apart(string a, string b) =>
        Assert.Equal(TextAnalyzer.Terms(a), TextAnalyzer.Terms(b));

    [Theory]
    [InlineData("идемпотентность", "idempotency")]
    [InlineData("идемпотентности", "idempotency")]
    [InlineData("латентность", "latency")]
    [InlineData("Клеппман", "Kleppmann")]
    [InlineData("Клеппмана", "kleppmann")]
    [InlineData("транзакция", "transaction")]
    [InlineData("транзакции", "transactions")]
    [InlineData("профилирование", "profiling")]
    [InlineData("оптимизация", "optimization")]
    [InlineData("стабильность", "stability")]
    [InlineData("индексы", "index")]
    public void A_russian_word_and_its_english_cognate_share_a_key(string russian, string english)
    {
        var key = Cognates.Key(russian.ToLowerInvariant());
        Assert.NotNull(key);
        Assert.Equal(key, Cognates.Key(english.ToLowerInvariant()));
    }

    [Theory]
    [InlineData("latency", "late")]
    [InlineData("profiling", "profile")]
    [InlineData("транзакция", "транзит")]
    public void Different_words_keep_different_keys(string a, string b) =>
        Assert.NotEqual(Cognates.Key(a), Cognates.Key(b));

    [Fact]
    public void Short_words_and_mixed_scripts_have_no_key()
    {
        Assert.Null(Cognates.Key("api"));
        Assert.Null(Cognates.Key("ciклы"));
        Assert.Null(Cognates.Key("40001"));
    }

    [Fact]
    public void The_technical_glossary_holds_over_a_thousand_russian_english_pairs_across_the_roles()
    {
        var glossary = Glossary.Technical;

        Assert.True(glossary.Concepts >= 1000, $"{glossary.Concepts} concepts");
        Assert.True(glossary.Pairs >= 1000, $"{glossary.Pairs} pairs");
        // Synonyms on both sides: повторы ↔ retries ↔ retry in one concept.
        var retry = Assert.Single(glossary.Lookup(string.Join(' ', TextAnalyzer.Terms("повторы"))));
        Assert.Contains(retry, p => p.Text == "retry");
        Assert.Same(retry, Assert.Single(glossary.Lookup(string.Join(' ', TextAnalyzer.Terms("retries")))));
        // One line per role of the ATRA team, spot-checked.
        foreach (var (ru, en) in new[] { ("шардирование", "sharding"), ("просадка", "drawdown"), ("моделирование угроз", "threat modeling"),
            ("мутационное тестирование", "mutation testing"), ("доступность", "accessibility"), ("законодательство", "legislation"),
            ("микроразметка", "structured data"), ("инфраструктура как код", "infrastructure as code"), ("федеративное обучение", "federated learning"),
            ("дорожная карта", "roadmap") })
        {
            Assert.Contains(glossary.Lookup(string.Join(' ', TextAnalyzer.Terms(ru))), c => c.Any(p => p.Text == en));
        }
    }

    [Fact]
    public void A_glossary_phrase_in_the_query_expands_to_its_translation_as_a_phrase()
    {
        var plan = QueryPlan.Build(TextAnalyzer.Words("ускорить горячий путь"), false, Glossary.Technical);

        var hot = plan.Groups.Single(g => g.Word == "горячий");
        var hotPath = Assert.Single(hot.Alternatives, a => a.Shown == "hot path");
        Assert.Equal((MatchKind.Glossary, 2), (hotPath.How, hotPath.Terms.Count));
        Assert.True(QueryPlan.Contains(TextAnalyzer.Terms("Keep the hot path free of allocations"), hotPath));
        Assert.False(QueryPlan.Contains(TextAnalyzer.Terms("The path is hot"), hotPath));
    }

    [Fact]
    public void The_team_glossary_learns_pairs_written_in_parentheses_in_the_other_script()
    {
        var expert = RetrievalExpert.New("igor", "Backend Developer")
            .Add(SectionKind.Known, "Идемпотентность (idempotency) ключей платежей")
            .Add(SectionKind.Book, "Designing Data-Intensive Applications", fields: new Dictionary<string, string> { ["author"] = "Martin Kleppmann (Клеппман)" })
            .Add(SectionKind.Known, "PostgreSQL (14) и индексы")
            .Add(SectionKind.Known, "Гребешковый фильтр (comb filter) для сигналов");

        var glossary = TeamGlossary.Learn(expert.State.Items.Values);

        Assert.Equal(3, glossary.Concepts);
        Assert.Single(glossary.Lookup(string.Join(' ', TextAnalyzer.Terms("comb filter"))));
        Assert.Single(glossary.Lookup(string.Join(' ', TextAnalyzer.Terms("клеппман"))));
        Assert.Empty(glossary.Lookup(string.Join(' ', TextAnalyzer.Terms("postgresql"))));
    }

    [Fact]
    public void Routing_finds_an_expert_through_a_pair_another_expert_wrote()
    {
        // Only the team knows that «гребешковый фильтр» is a comb filter: Anna wrote the pair, Igor only the Russian.
        var anna = RetrievalExpert.New("anna", "QA Engineer").Add(SectionKind.Known, "Гребешковый фильтр (comb filter) проверяем на синусе");
        var igor = RetrievalExpert.New("igor", "Signal Engineer").Add(SectionKind.Known, "Гребешковый фильтр убирает гармоники сети")
            .Add(SectionKind.Known, "Гребешковый фильтр на FPGA");
        var corpus = RetrievalExpert.Corpus(anna, igor);

        var routed = ExpertRouting.Rank(corpus, TaskQuery.Parse(null, "Tune the comb filter"));

        Assert.Equal(["anna", "igor"], routed.Select(r => r.Expert).Order(StringComparer.Ordinal));
        var match = corpus.Match(corpus.Find("igor")!, corpus.Expand(TaskQuery.Parse(null, "Tune the comb filter")))[0];
        Assert.Contains(match.Reasons, r => r.How == MatchKind.TeamGlossary && r.Matched == "гребешковый фильтр");
    }

    [Fact]
    public void The_same_team_and_task_always_give_the_same_ranking()
    {
        var corpus = RetrievalExpert.Corpus(
            RetrievalExpert.New("olga", "Performance Engineer").Add(SectionKind.Known, "Latency optimization").Add(SectionKind.Known, "Code profiling"),
            RetrievalExpert.New("roman", "Database Engineer").Add(SectionKind.Known, "Query optimization").Add(SectionKind.Known, "Connection pooling"));

        var first = ExpertRouting.Rank(corpus, TaskQuery.Parse(null, "Профилировать и снизить латентность"));
        var again = ExpertRouting.Rank(RetrievalExpert.Corpus(
            RetrievalExpert.New("roman", "Database Engineer").Add(SectionKind.Known, "Query optimization").Add(SectionKind.Known, "Connection pooling"),
            RetrievalExpert.New("olga", "Performance Engineer").Add(SectionKind.Known, "Latency optimization").Add(SectionKind.Known, "Code profiling")),
            TaskQuery.Parse(null, "Профилировать и снизить латентность"));

        Assert.Equal("olga", first[0].Expert);
        Assert.Equal(first.Select(r => (r.Expert, r.Score)), again.Select(r => (r.Expert, r.Score)));
    }
}
