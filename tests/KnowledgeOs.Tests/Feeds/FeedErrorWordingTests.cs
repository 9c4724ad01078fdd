using System.Text.RegularExpressions;
using KnowledgeOs.Feeds;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Tests.Feeds;

/// <summary>
/// A feed's failure inside a Russian <c>kos cycle</c> line: our own words (the parser's and the fetcher's) are worded in
/// Russian; what came from elsewhere (the XML parser's message, an HTTP reason phrase, the network's text) stays as
/// data. The parser's messages are taken from the parser itself, so a changed message that the catalog no longer
/// knows fails here.
/// </summary>
public sealed partial class FeedErrorWordingTests
{
    private const string Url = "https://feeds.example.test/feed.xml";

    public static TheoryData<string, string?> BadFeeds() => new()
    {
        { "", null },
        { "<html><body>nope</body></html>", "text/html" },
        { "<!doctype html><html></html>", null },
        { "<rss><channel><title>x</title>", "application/rss+xml" },
        { "<opml version=\"2.0\"/>", "application/xml" },
        { "<rss version=\"2.0\"/>", "application/rss+xml" },
        { "{ \"items\": [", "application/json" },
        { "{ \"title\": \"x\" }", "application/json" },
    };

    [Theory]
    [MemberData(nameof(BadFeeds))]
    public void What_the_parser_refuses_is_worded_in_russian_with_only_technical_terms_and_the_parsers_own_text_left_english(string content, string? mediaType)
    {
        var error = Assert.Throws<InputException>(() => FeedParser.Parse(content, mediaType, Url)).Message;
        // As the fetcher hands it to the cycle: the URL in front once, not in the message.
        Assert.StartsWith(Url + ": ", error, StringComparison.Ordinal);
        var stored = error[(Url.Length + 2)..];

        var ru = CycleLabels.Ru.FeedError(stored);

        Assert.Equal(stored, CycleLabels.En.FeedError(stored));
        Assert.NotEqual(stored, ru);
        // The XML parser's own message is data: kept as it came, at the end.
        var data = XmlParserMessage().Match(stored) is { Success: true } m ? m.Groups[1].Value : "";
        if (data.Length > 0) Assert.EndsWith(": " + data, ru, StringComparison.Ordinal);
        var ours = (data.Length > 0 ? ru[..^data.Length] : ru);
        Assert.DoesNotMatch(@"\b(?!(HTML|XML|RSS|Atom|JSON|Feed|rss|feed|channel|opml|version|items|https|jsonfeed|org)\b)[A-Za-z]{2,}\b", TechnicalQuoted().Replace(ours, ""));
    }

    // The fetcher's own forms (FeedFetcher: a status, a timeout, the open circuit, the size limit, the network's text).
    [Theory]
    [InlineData("HTTP 503 Service Unavailable after 3 attempt(s)", "HTTP 503 Service Unavailable, попыток: 3")]
    [InlineData("timed out (each attempt 10000 ms, all 30000 ms) after 3 attempt(s)", "время ожидания истекло (на попытку 10000 мс, на все 30000 мс), попыток: 3")]
    [InlineData("the circuit for this feed is open after repeated failures; calls are refused for up to 60 s", "после повторных сбоев лента временно отключена: запросы к ней не делаются до 60 с")]
    [InlineData("the body is 9,000,000 bytes; the limit is 5,000,000", "ответ — 9,000,000 байт, больше предела 5,000,000")]
    [InlineData("Connection refused (feeds.example.test:443) after 1 attempt(s)", "Connection refused (feeds.example.test:443), попыток: 1")]
    [InlineData("something no form knows", "something no form knows")]
    public void What_the_fetcher_writes_is_worded_in_russian_keeping_the_reason_phrase_and_the_networks_text(string stored, string russian)
    {
        Assert.Equal(russian, CycleLabels.Ru.FeedError(stored));
        Assert.Equal(stored, CycleLabels.En.FeedError(stored));
    }

    [GeneratedRegex(@"^invalid XML at line \d+, position \d+: (.*)$", RegexOptions.Singleline)]
    private static partial Regex XmlParserMessage();

    // Names quoted from the formats themselves (<rss>, <channel>, "version": "https://…", "items") and the server's media type (text/html).
    [GeneratedRegex(@"<[^>]*>|""[^""]*""|\b[a-z]+/[\w+.-]+")]
    private static partial Regex TechnicalQuoted();
}
