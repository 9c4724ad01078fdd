using System.Net;
using KnowledgeOs.Server.Dashboard;
using KnowledgeOs.Tests.Api;

namespace KnowledgeOs.Tests.Dashboard;

/// <summary>The dashboard's login cookie as its own scheme: where it opens something, where it never does, and that a key in a header wins.</summary>
public sealed class DashboardCookieSchemeTests
{
    private const string Api = "api/v1/teams/" + SampleServer.Team;

    private static HttpClient Browser(ApiServer server, string cookie, string? header = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server.Address };
        client.DefaultRequestHeaders.Add("Cookie", $"{DashboardCookie.Name}={cookie}");
        if (header is not null) client.DefaultRequestHeaders.Add("Authorization", "Bearer " + header);
        return client;
    }

    [Fact]
    public async Task The_cookie_of_a_key_that_may_write_authorizes_no_API_write_whatever_the_method()
    {
        var (server, _, write, _) = await SampleServer.StartWithKeysAsync();
        await using var _ = server;
        using var browser = Browser(server, write);

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"{Api}/experts/ivan") { Content = Http.Json(new { role = "Cookie Monster" }) };
        await (await browser.SendAsync(patch)).ProblemAsync(401);
        using var retract = await browser.PostAsync($"{Api}/experts/ivan/items/nothing/retract", Http.Json(new { reason = "cookie" }));
        await retract.ProblemAsync(401);
        using var put = new HttpRequestMessage(HttpMethod.Put, $"{Api}/experts/ivan") { Content = Http.Json(new { role = "Cookie Monster" }) };
        await (await browser.SendAsync(put)).ProblemAsync(401);

        using var reader = server.NewClient(write);
        Assert.NotEqual("Cookie Monster", (await reader.GetJsonAsync($"{Api}/experts/ivan")).GetProperty("role").GetString());
    }

    [Fact]
    public async Task The_cookie_opens_the_API_reads_a_dashboard_page_links_to_and_the_live_feed()
    {
        // Kept on purpose: the pages link to the expert's JSON, history and Markdown, and the live list reads the event stream.
        var (server, read, _, _) = await SampleServer.StartWithKeysAsync();
        await using var _ = server;
        using var browser = Browser(server, read);
        foreach (var path in new[] { $"{Api}/experts/ivan", $"{Api}/experts/ivan/history", $"{Api}/experts/ivan/knowledge.md", $"{Api}/events?limit=1" })
        {
            using var response = await browser.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_key_in_a_header_wins_over_the_cookie_on_a_dashboard_page()
    {
        var (server, read, _, _) = await SampleServer.StartWithKeysAsync();
        await using var _ = server;

        // A bad header key is the API's 401, not the login form, even with a good cookie beside it.
        using var badHeader = Browser(server, read, header: "kos_0000_not-a-key");
        using var refused = await badHeader.GetAsync("ui/teams/" + SampleServer.Team);
        await refused.ProblemAsync(401, "Authorization");

        // A good header key opens the page; the bad cookie beside it is not even read, so it is neither dropped nor counted.
        using var badCookie = Browser(server, read[..^4] + "AAAA", header: read);
        using var page = await badCookie.GetAsync("ui/teams/" + SampleServer.Team);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(page.Headers.Contains("Set-Cookie"));
    }
}
