using KnowledgeOs.Import;

namespace KnowledgeOs.Tests.Import;

public class NearDuplicatesTests
{
    [Theory]
    [InlineData("retry with exponential backoff", "exponential backoff with retry", NearDuplicates.Reordered)]
    [InlineData("stateless architecture", "architecture stateless", NearDuplicates.Reordered)]
    [InlineData("decimal для финансовых расчётов", "decimal для всех финансовых расчётов", NearDuplicates.OneWordApart)]
    [InlineData("тесты с реальной базой", "тесты с настоящей базой", NearDuplicates.OneWordApart)]
    [InlineData("risk metrics", "risk management", null)]
    [InlineData("security code review", "performance code review", null)]
    [InlineData("python async await", "python async await", null)]
    [InlineData("event sourcing with snapshots", "event sourcing without any snapshots", null)]
    public void Word_order_and_one_word_make_a_suggestion(string a, string b, string? reason) =>
        Assert.Equal(reason, NearDuplicates.Compare(a.Split(' '), b.Split(' ')));

    [Fact]
    public void Suggestions_are_listed_not_merged()
    {
        var doc = KnowledgeDocumentParser.Parse(ImportFiles.SampleText("svetlana_knowledge.md"), "svetlana_knowledge.md", DateTimeOffset.UnixEpoch);
        var decision = ImportDecider.Decide(null, "svetlana", doc, DateTimeOffset.UnixEpoch);
        Assert.Equal(4, decision.Recorded[KnowledgeOs.Sections.SectionKind.Learned]);
        Assert.Equal([NearDuplicates.Reordered, NearDuplicates.OneWordApart], decision.Suggestions.Select(s => s.Reason));
        Assert.All(decision.Suggestions, s => Assert.True(s.Line > 0));
    }
}
