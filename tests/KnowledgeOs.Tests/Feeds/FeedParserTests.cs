using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Feeds;
using KnowledgeOs.Sections;
using KnowledgeOs.Tests.Domain;

namespace KnowledgeOs.Tests.Feeds;

public class FeedParserTests
{
    internal const string Rss = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Backend practices</title>
          <item><title>Idempotency keys for payment APIs</title><link>https://example.test/idem</link>
            <description>&lt;p&gt;Store the key &lt;b&gt;in the same transaction&lt;/b&gt;.&lt;/p&gt;</description>
            <category>dotnet</category><guid>idem-1</guid><pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate></item>
          <item><title>Kafka consumer lag per partition</title><link>https://example.test/lag</link><category>kafka</category></item>
          <item><title>Idempotency keys for payment APIs</title><link>https://example.test/idem</link><guid>idem-1</guid></item>
        </channel></rss>
        """;

    internal const string Atom = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>Ops</title>
          <entry><id>urn:1</id><title>Blue-green deploys without downtime</title><link href="https://example.test/bg"/>
            <summary>Switch traffic only after health checks pass.</summary><updated>2026-03-03T08:00:00Z</updated><category term="kubernetes"/></entry>
        </feed>
        """;

    internal const string Json = """
        { "version": "https://jsonfeed.org/version/1.1", "title": "QA",
          "items": [ { "id": "q1", "url": "https://example.test/k6", "title": "k6 thresholds in CI", "content_text": "Fail the job when p95 exceeds the budget.", "tags": ["load-testing"] } ] }
        """;

    [Fact]
    public void Rss_atom_and_json_feed_parse_to_the_same_entry_shape()
    {
        var rss = FeedParser.Parse(Rss, "application/rss+xml", "rss");
        Assert.Equal(("rss", 3), (rss.Format, rss.Entries.Count));
        var first = rss.Entries[0];
        Assert.Equal(("idem-1", "Idempotency keys for payment APIs", "https://example.test/idem"), (first.Id, first.Title, first.Link));
        Assert.Equal("Store the key in the same transaction .", first.Summary);
        Assert.Equal(["dotnet"], first.Categories);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero), first.Published);

        var atom = FeedParser.Parse(Atom, "application/atom+xml", "atom");
        Assert.Equal(("atom", "urn:1", "https://example.test/bg", "kubernetes"), (atom.Format, atom.Entries[0].Id, atom.Entries[0].Link, atom.Entries[0].Categories[0]));

        var json = FeedParser.Parse(Json, "application/feed+json", "json");
        Assert.Equal(("json", "k6 thresholds in CI", "load-testing"), (json.Format, json.Entries[0].Title, json.Entries[0].Categories[0]));
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>Login</body></html>", "text/html; charset=utf-8", "returned an HTML page")]
    [InlineData("<html><body>Moved</body></html>", null, "returned an HTML page")]
    [InlineData("<rss><channel><item><title>broken</item></channel></rss>", "application/xml", "invalid XML at line 1")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x \"y\">]><rss/>", "application/xml", "invalid XML")]
    [InlineData("<urlset><url/></urlset>", "application/xml", "root <urlset> is not a feed")]
    [InlineData("{\"items\": []}", "application/json", "not a JSON Feed")]
    [InlineData("{ broken", "application/json", "invalid JSON")]
    [InlineData("   ", "application/rss+xml", "empty")]
    public void Anything_but_a_feed_is_refused_with_what_was_received(string body, string? type, string expected)
    {
        var ex = Assert.Throws<InputException>(() => FeedParser.Parse(body, type, "http://127.0.0.1/feed"));
        Assert.Contains(expected, ex.Message);
        Assert.StartsWith("http://127.0.0.1/feed: ", ex.Message);
    }

    [Fact]
    public void Entries_go_to_experts_by_the_source_role_or_a_matching_tag_and_once_each_however_often_the_feed_repeats_them()
    {
        var dmitriy = Build.Given(Build.Onboarded() with { Tags = ["dotnet", "kafka"] });
        var ivan = Build.Given(Build.Onboarded("ivan", "Иван", "Team Lead") with { Tags = ["planning"] });
        var source = new FeedSource("http://127.0.0.1/backend.xml", "Backend");
        var entries = FeedParser.Parse(Rss, null, "rss").Entries;

        Assert.True(FeedLearning.IsFor(dmitriy, source, entries[1]));
        Assert.False(FeedLearning.IsFor(ivan, source, entries[1]));
        Assert.True(FeedLearning.IsFor(ivan, source with { Roles = ["team lead"] }, entries[1]));
        Assert.False(FeedLearning.IsFor(Build.Given(Build.Onboarded() with { Tags = ["dotnet"], Status = ExpertStatus.Paused }), source, entries[0]));

        var events = FeedLearning.Decide(dmitriy, source, entries, Build.Day(1));
        // Three entries, one repeated in the same fetch: two items.
        Assert.Equal(2, events.Count);
        var recorded = Assert.IsType<KnowledgeRecorded>(events[0]);
        Assert.Equal((SectionKind.BestPractice, "feed:http://127.0.0.1/backend.xml"), (recorded.Section, recorded.Source));
        Assert.Equal("https://example.test/idem", recorded.Fields[ItemFields.Origin]);
        Assert.Equal("dotnet", recorded.Fields[ItemFields.Category]);
        Assert.Equal("2026-03-03 09:00:00 UTC", recorded.Fields[ItemFields.FoundAt]);
        Assert.Equal("Store the key in the same transaction .", recorded.Fields[ItemFields.Description]);

        var after = Build.Then(dmitriy, events);
        Assert.Empty(FeedLearning.Decide(after, source, entries, Build.Day(2)));
        Assert.Equal(2, after.Active(SectionKind.BestPractice).Count());
    }
}
