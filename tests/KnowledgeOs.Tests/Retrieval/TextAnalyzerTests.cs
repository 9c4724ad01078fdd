using KnowledgeOs.Retrieval;

namespace KnowledgeOs.Tests.Retrieval;

public sealed class TextAnalyzerTests
{
    [Theory]
    [InlineData("ретраи", "ретраев")]
    [InlineData("идемпотентность", "идемпотентности")]
    [InlineData("Ёлка", "елки")]
    [InlineData("retries", "retrying")]
    [InlineData("Connection", "connections")]
    public void Word_forms_meet_on_one_stem(string a, string b) =>
        Assert.Equal(TextAnalyzer.Terms(a), TextAnalyzer.Terms(b));

    [Fact]
    public void Stop_words_and_punctuation_are_dropped_and_repeats_kept()
    {
        var terms = TextAnalyzer.Terms("**Retry** the retries, и ещё раз: retry!");
        Assert.Equal(["retri", "retri", "retri"], terms);
    }

    [Fact]
    public void Hyphenated_words_index_as_their_parts()
    {
        Assert.Equal(["event", "sourc"], TextAnalyzer.Terms("event-sourced"));
    }

    [Fact]
    public void Digits_and_other_scripts_pass_through_unstemmed()
    {
        Assert.Equal(["40001", "数据库"], TextAnalyzer.Terms("40001 数据库"));
    }

    [Fact]
    public void Empty_and_overlong_words_give_no_terms()
    {
        Assert.Empty(TextAnalyzer.Terms(""));
        Assert.Empty(TextAnalyzer.Terms(new string('a', TextAnalyzer.MaxWordLength + 1)));
    }
}
