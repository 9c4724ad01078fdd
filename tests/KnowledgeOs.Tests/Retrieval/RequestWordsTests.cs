using KnowledgeOs.Retrieval;

namespace KnowledgeOs.Tests.Retrieval;

public sealed class RequestWordsTests
{
    [Theory]
    [InlineData("Нужно добавить повторные попытки к вызову API", "повторные попытки вызову api")]
    [InlineData("Please make the retries idempotent before the release", "retries idempotent release")]
    public void A_search_query_keeps_what_the_request_is_about_not_how_it_is_phrased(string query, string about)
    {
        var plan = SearchTerms.Check(new SearchQuery("t", query));

        Assert.Equal(about.Split(' '), plan.Groups.Select(g => g.Word));
    }

    [Fact]
    public void A_query_of_request_words_only_keeps_them()
    {
        var plan = SearchTerms.Check(new SearchQuery("t", "Нужно сделать"));

        Assert.Equal(["нужно", "сделать"], plan.Groups.Select(g => g.Word));
    }

    [Fact]
    public void Subject_words_of_a_request_stay_in_every_form()
    {
        Assert.False(RequestWords.Contains(TextAnalyzer.Words("проверка")[0]));
        Assert.False(RequestWords.Contains(TextAnalyzer.Words("исправить")[0]));
        Assert.False(RequestWords.Contains(TextAnalyzer.Words("new")[0]));
        Assert.True(RequestWords.Contains(TextAnalyzer.Words("добавьте")[0]));
    }
}
