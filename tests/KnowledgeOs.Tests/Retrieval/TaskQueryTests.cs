using KnowledgeOs.Retrieval;

namespace KnowledgeOs.Tests.Retrieval;

public sealed class TaskQueryTests
{
    [Theory]
    [InlineData("Retry/backoff for event-sourced payments, don't double-charge")]
    [InlineData("Ретраи вебхуков: что-то с идемпотентностью (ORB-101)")]
    public void The_terms_are_exactly_the_analyzers(string text) =>
        Assert.Equal(TextAnalyzer.DistinctTerms(text), TaskQuery.Parse(null, text).Terms);

    [Fact]
    public void A_task_keeps_what_it_is_about_not_how_the_request_is_phrased()
    {
        var query = TaskQuery.Parse("Нужно добавить повторные попытки", "Please make the retries idempotent");

        Assert.Equal(TextAnalyzer.DistinctTerms("повторные попытки retries idempotent"), query.Terms);
        Assert.Equal(["повторные", "попытки", "retries", "idempotent"], query.Plan.Groups.Select(g => g.Word));
    }

    [Fact]
    public void Each_term_shows_the_word_the_task_wrote()
    {
        var query = TaskQuery.Parse("Ретраи", "Retry/backoff for event-sourced payments");
        Assert.Equal("ретраи", query.Word(TextAnalyzer.Stem("ретраи")));
        Assert.Equal("backoff", query.Word(TextAnalyzer.Stem("backoff")));
        Assert.Equal("sourced", query.Word(TextAnalyzer.Stem("sourced")));
    }

    [Fact]
    public void A_text_longer_than_the_limit_is_refused_naming_the_field()
    {
        var ex = Assert.Throws<InputException>(() => TaskQuery.Parse(null, new string('a', TaskQuery.MaxLength + 1), "task"));
        Assert.Equal("task", ex.Field);
    }
}
