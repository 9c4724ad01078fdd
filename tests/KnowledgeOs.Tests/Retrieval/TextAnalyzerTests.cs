using KnowledgeOs.Tests.Support;
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

    [Fact]
    public void A_longer_word_costs_its_own_strings_not_one_string_per_letter()
    {
        // Every indexed item and every query is analyzed, on the POST path too (issue 16: its GC pauses). A word's
        // letters are gathered into one buffer: a word 36 letters longer allocates its text, the stemmer's copy and the
        // stem 36 letters longer (2 bytes a letter each) and the buffer's growth — 16 bytes a letter measured — not also
        // a 1-letter string per letter (24 bytes each; 40 bytes a letter in all before).
        var shortWord = Allocated("ab");
        var longWord = Allocated("ab" + new string('z', 36));
        Assert.InRange((longWord - shortWord) / 36.0, 0, 20);
    }

    private static long Allocated(string text)
    {
        var (words, allocated) = ThreadAllocation.Of(() => TextAnalyzer.Words(text));
        Assert.Single(words);
        return allocated;
    }
}
