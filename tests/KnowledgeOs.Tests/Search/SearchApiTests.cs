using KnowledgeOs.Tests.Api;

namespace KnowledgeOs.Tests.Search;

/// <summary><c>GET /api/v1/teams/{team}/search</c> on a real server over loopback.</summary>
public sealed class SearchApiTests
{
    private const string Search = "api/v1/teams/demo/search";

    [Fact]
    public async Task A_reported_lesson_is_found_right_away_in_another_word_form()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.LearnAsync("demo", Http.Report("T-1", "igor", "Ретраи без ключа идемпотентности дают двойные списания", "Retries need backoff"), onboard: true);

        var ru = await server.Client.GetJsonAsync(Search + "?q=ретраев%20идемпотентность");
        // Both words matched rank first; the English lesson follows, found through the glossary (retry ↔ ретрай).
        var hits = ru.GetProperty("items").EnumerateArray().ToList();
        var hit = hits[0];
        Assert.Equal(2, hit.GetProperty("matches").GetArrayLength());
        Assert.Equal("ретраев", hit.GetProperty("matches")[0].GetProperty("word").GetString());
        Assert.Equal("stem", hit.GetProperty("matches")[0].GetProperty("how").GetString());
        Assert.Equal("Retries need backoff", hits[1].GetProperty("text").GetString());
        Assert.Equal("glossary", hits[1].GetProperty("matches")[0].GetProperty("how").GetString());
        Assert.Equal("igor", hit.GetProperty("expert").GetString());
        Assert.Equal("learned", hit.GetProperty("section").GetString());
        Assert.Equal("active", hit.GetProperty("status").GetString());
        Assert.True(hit.GetProperty("score").GetDouble() > 0);

        var en = await server.Client.GetJsonAsync(Search + "?q=retrying&expert=igor&section=learned,known");
        Assert.Equal("Retries need backoff", en.GetProperty("items")[0].GetProperty("text").GetString());
        var other = await server.Client.GetJsonAsync(Search + "?q=retrying&expert=anna");
        Assert.Empty(other.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("?q=", "q")]
    [InlineData("?q=%20и%20the%20", "q")]
    [InlineData("?q=ретраи&section=nonsense", "section")]
    [InlineData("?q=ретраи&limit=0", "limit")]
    [InlineData("?q=ретраи&cursor=%21%21", "cursor")]
    [InlineData("?q=ретраи&expert=Not%20A%20Slug", "expert")]
    public async Task A_bad_query_is_a_400_problem_naming_the_parameter(string query, string field)
    {
        await using var server = await ApiServer.StartAsync();
        using var response = await server.Client.GetAsync(Search + query);
        await response.ProblemAsync(400, field);
    }
}
