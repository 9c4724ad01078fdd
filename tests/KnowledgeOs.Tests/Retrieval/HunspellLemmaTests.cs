using System.Text.Json;
using KnowledgeOs.Retrieval;
using KnowledgeOs.Sections;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Retrieval;

/// <summary>
/// Dictionary lemmas (Hunspell ru_RU and en_US) added to the Snowball terms: forms Snowball stems apart meet through
/// their dictionary form, shown as a <c>lemma</c> match; skipped without the dictionaries (<see cref="TestHunspell"/>).
/// </summary>
public sealed class HunspellLemmaTests
{
    // How a query word met an indexed text, as --json and the API write it (null when it did not).
    private static string? HowTheyMeet(string query, string indexed)
    {
        var plan = QueryPlan.Build(TextAnalyzer.Words(query), false);
        var match = plan.Match(SearchTerms.IndexTerms(indexed));
        return match.Count == 0 ? null : JsonSerializer.Serialize(match[0].How).Trim('"');
    }

    [SkippableTheory]
    [InlineData("пишу", "писать")] // stem alternation: Snowball «пиш» and «писа»
    [InlineData("бежит", "бегу")] // «беж» and «бег»
    [InlineData("знать", "знаю")]
    [InlineData("настроек", "настройка")] // fleeting vowel in a й-stem
    [InlineData("используют", "использовать")]
    [InlineData("аудит", "аудита")] // Snowball takes «-ит» off «аудит» as a verb ending
    [InlineData("успешен", "успешных")] // short adjective
    public void Forms_snowball_stems_apart_meet_through_their_lemma_both_ways(string a, string b)
    {
        TestHunspell.Require();
        Assert.Equal("lemma", HowTheyMeet(a, b));
        Assert.Equal("lemma", HowTheyMeet(b, a));
    }

    [SkippableTheory]
    [InlineData("уровень", "уровни")]
    [InlineData("индекс", "индексы")]
    [InlineData("retries", "retry")]
    public void Forms_snowball_already_joins_still_meet_as_stems(string a, string b)
    {
        TestHunspell.Require();
        Assert.Equal("stem", HowTheyMeet(a, b));
        Assert.Equal("stem", HowTheyMeet(b, a));
    }

    [SkippableTheory]
    // Suppletive forms: ru_RU and en_US list each as an entry of its own, so no lemma joins them (docs/SEARCH.md).
    [InlineData("люди", "человек")]
    [InlineData("лучший", "хороший")]
    [InlineData("children", "child")]
    [InlineData("mice", "mouse")]
    [InlineData("went", "go")]
    // en_US's derivation rules and prefixes are not applied: they would join unrelated words.
    [InlineData("health", "heal")]
    [InlineData("docker", "dock")]
    [InlineData("indices", "dices")]
    [InlineData("best", "be")]
    public void Words_the_dictionaries_do_not_relate_do_not_meet(string a, string b)
    {
        TestHunspell.Require();
        Assert.Null(HowTheyMeet(a, b));
        Assert.Null(HowTheyMeet(b, a));
    }

    [SkippableFact]
    public void Lemma_keys_come_after_every_term_and_cognate_key_so_an_old_index_reads_the_same()
    {
        TestHunspell.Require();
        var terms = SearchTerms.IndexTerms("Пишу тесты");
        Assert.Equal(["пиш", "тест"], terms.Take(2));
        Assert.Equal("00писа", terms[^1]);
    }

    [SkippableFact]
    public void Routing_and_context_find_an_item_through_a_lemma()
    {
        TestHunspell.Require();
        var igor = RetrievalExpert.New("igor", "Backend Developer").Add(SectionKind.Known, "Настройка пула соединений PgBouncer");
        var anna = RetrievalExpert.New("anna", "QA Engineer").Add(SectionKind.Known, "Регрессионные тесты на каждый баг");
        var corpus = RetrievalExpert.Corpus(igor, anna);
        var task = TaskQuery.Parse(null, "Проверка настроек");

        var routed = ExpertRouting.Rank(corpus, task);

        Assert.Equal("igor", routed[0].Expert);
        var match = Assert.Single(corpus.Match(corpus.Find("igor")!, corpus.Expand(task)), m => m.Reasons.Any(r => r.Word == "настроек"));
        Assert.Equal("lemma", JsonSerializer.Serialize(match.Reasons.Single(r => r.Word == "настроек").How).Trim('"'));
    }

    [Fact]
    public async Task A_dictionary_in_the_encoding_its_affix_file_names_is_read_in_that_encoding()
    {
        // ru_RU was KOI8-R for years: "SET KOI8-R" names the encoding of both files.
        using var folder = new TempFolder();
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var koi8 = System.Text.Encoding.GetEncoding("KOI8-R");
        await File.WriteAllTextAsync(folder.File("xx_XX.aff"), "SET KOI8-R\n\nSFX A Y 2\nSFX A   ать  у     ать\nSFX A   ать  ешь   [^с]ать\n", koi8);
        await File.WriteAllTextAsync(folder.File("xx_XX.dic"), "2\nписать/A\nЁлка\n", koi8);

        var dictionary = KnowledgeOs.Text.HunspellDictionary.Load(folder.Path, "xx_XX");

        Assert.Equal(["писать"], dictionary.Lemmas("пису"));
        Assert.Empty(dictionary.Lemmas("писешь")); // the condition [^с]ать does not hold for «писать»
        Assert.Equal(["елка"], dictionary.Lemmas("елка")); // entries lower-cased, ё folded, as the analyzer writes words
    }

    [Fact]
    public void A_missing_dictionary_is_named_and_the_fallback_says_Snowball_alone_in_both_languages()
    {
        using var folder = new TempFolder();

        var missing = Assert.Throws<FileNotFoundException>(() => KnowledgeOs.Text.HunspellDictionary.Load(folder.Path, "ru_RU"));
        Assert.Contains("ru_RU.aff", missing.Message, StringComparison.Ordinal);
        var fallback = new LemmaSource(folder.Path, null, null, ["ru_RU", "en_US"], TimeSpan.Zero);
        Assert.False(fallback.Loaded);
        Assert.StartsWith("text analysis: Snowball only", KnowledgeOs.Rendering.CliLabels.For(KnowledgeOs.Rendering.RenderLanguage.En).Analysis(fallback), StringComparison.Ordinal);
        Assert.StartsWith("анализ текста: только Snowball", KnowledgeOs.Rendering.CliLabels.For(KnowledgeOs.Rendering.RenderLanguage.Ru).Analysis(fallback), StringComparison.Ordinal);
    }
}
