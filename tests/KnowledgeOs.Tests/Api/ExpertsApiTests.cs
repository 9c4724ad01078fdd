using System.Net;
using System.Net.Http.Headers;

namespace KnowledgeOs.Tests.Api;

public sealed class ExpertsApiTests
{
    private const string Experts = "api/v1/teams/demo/experts";

    [Fact]
    public async Task Onboarding_creates_the_expert_with_its_version_as_ETag_and_a_repeat_changes_nothing()
    {
        await using var server = await ApiServer.StartAsync();
        using var created = await server.Client.PostAsync(Experts, Http.Json(Http.Expert("igor")));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        Assert.Equal("/api/v1/teams/demo/experts/igor", created.Headers.Location?.ToString());
        var body = await created.BodyAsync();
        Assert.Equal("Игорь", body.GetProperty("displayName").GetString());
        Assert.Equal(1, body.GetProperty("metrics").GetProperty("level").GetInt32());

        using var again = await server.Client.PostAsync(Experts, Http.Json(Http.Expert("igor")));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, (await again.BodyAsync()).GetProperty("version").GetInt64());

        var list = await server.Client.GetJsonAsync(Experts);
        Assert.Equal("igor", Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("slug").GetString());
        var one = await server.Client.GetJsonAsync(Experts + "/igor");
        Assert.Equal("Backend Developer", one.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Onboarding_the_same_slug_with_another_profile_is_a_conflict()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        using var response = await server.Client.PostAsync(Experts, Http.Json(Http.Expert("igor", "Игорь", "QA Engineer")));
        await response.ProblemAsync(409);
    }

    [Theory]
    [InlineData("""{"slug":"igor","displayName":"Игорь","role":"Dev","version":7}""", "version")]
    [InlineData("""{"slug":"igor","displayName":"Игорь","role":"Dev","metrics":{"level":5}}""", "metrics")]
    [InlineData("""{"slug":"igor","displayName":"Игорь","role":"Dev","source":"task:x"}""", "source")]
    [InlineData("""{"displayName":"Игорь","role":"Dev"}""", "slug")]
    [InlineData("""{"slug":"Igor!","displayName":"Игорь","role":"Dev"}""", "slug")]
    [InlineData("""{"slug":"igor","displayName":"  ","role":"Dev"}""", "displayName")]
    [InlineData("""{"slug":"igor","displayName":"Игорь","role":"Dev","priority":"high"}""", "priority")]
    [InlineData("""{"slug":"igor","displayName":"Игорь","role":"Dev","status":"sleeping"}""", "status")]
    [InlineData("""{"slug":"igor","displayName":"Игорь","role":null}""", "role")]
    [InlineData("""{"slug":"igor","displayName":""", "displayName")]
    [InlineData("""not json""", "body")]
    public async Task A_bad_onboarding_is_refused_naming_the_field_and_writes_nothing(string json, string field)
    {
        await using var server = await ApiServer.StartAsync();
        using var response = await server.Client.PostAsync(Experts, Http.Json(json));
        await response.ProblemAsync(400, field);
        Assert.Empty((await server.Client.GetJsonAsync(Experts)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task An_unknown_status_in_a_change_is_refused_naming_the_field_and_the_allowed_values()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        using var patch = new HttpRequestMessage(HttpMethod.Patch, Experts + "/igor") { Content = Http.Json(new { status = "sleeping" }) };
        using var response = await server.Client.SendAsync(patch);
        var problem = await response.ProblemAsync(400, "status");
        Assert.Contains("expected active, paused or retired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("active", (await server.Client.GetJsonAsync(Experts + "/igor")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_unknown_status_filter_is_a_400_naming_the_parameter_and_the_allowed_values_not_an_empty_list()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        using var response = await server.Client.GetAsync(Experts + "?status=sleeping");
        var problem = await response.ProblemAsync(400, "status");
        Assert.Contains("expected active, paused or retired", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        // A known status in any case still filters.
        var active = await server.Client.GetJsonAsync(Experts + "?status=Active");
        Assert.Equal("igor", Assert.Single(active.GetProperty("items").EnumerateArray()).GetProperty("slug").GetString());
        Assert.Empty((await server.Client.GetJsonAsync(Experts + "?status=paused")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Too_deep_JSON_is_refused()
    {
        await using var server = await ApiServer.StartAsync();
        var deep = new string('[', 100) + new string(']', 100);
        using var response = await server.Client.PostAsync(Experts, Http.Json($$"""{"slug":"igor","displayName":"I","role":"R","tags":{{deep}}}"""));
        await response.ProblemAsync(400);
    }

    [Fact]
    public async Task An_unknown_expert_is_a_404_problem()
    {
        await using var server = await ApiServer.StartAsync();
        using var response = await server.Client.GetAsync(Experts + "/nobody");
        await response.ProblemAsync(404);
    }

    [Fact]
    public async Task Changing_with_the_current_ETag_works_and_returns_the_next_one()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        using var get = await server.Client.GetAsync(Experts + "/igor");
        using var patch = new HttpRequestMessage(HttpMethod.Patch, Experts + "/igor") { Content = Http.Json(new { status = "paused", priority = 1 }) };
        patch.Headers.IfMatch.Add(get.Headers.ETag!);
        using var changed = await server.Client.SendAsync(patch);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("\"2\"", changed.Headers.ETag?.Tag);
        var body = await changed.BodyAsync();
        Assert.Equal("paused", body.GetProperty("status").GetString());
        Assert.Equal(1, body.GetProperty("priority").GetInt32());
    }

    [Fact]
    public async Task Changing_with_a_stale_ETag_is_refused_with_412_and_changes_nothing()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        using (var first = new HttpRequestMessage(HttpMethod.Patch, Experts + "/igor") { Content = Http.Json(new { role = "Architect" }) })
        {
            first.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
            using var ok = await server.Client.SendAsync(first);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var stale = new HttpRequestMessage(HttpMethod.Patch, Experts + "/igor") { Content = Http.Json(new { role = "Manager" }) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        using var refused = await server.Client.SendAsync(stale);
        await refused.ProblemAsync(412, "If-Match");
        Assert.Equal("Architect", (await server.Client.GetJsonAsync(Experts + "/igor")).GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_malformed_If_Match_is_a_400_naming_the_header()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        using var patch = new HttpRequestMessage(HttpMethod.Patch, Experts + "/igor") { Content = Http.Json(new { role = "Architect" }) };
        patch.Headers.TryAddWithoutValidation("If-Match", "\"abc\"");
        using var response = await server.Client.SendAsync(patch);
        await response.ProblemAsync(400, "If-Match");
    }

    [Fact]
    public async Task A_current_copy_is_not_sent_again()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        using var get = new HttpRequestMessage(HttpMethod.Get, Experts + "/igor");
        get.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"1\""));
        using var response = await server.Client.SendAsync(get);
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task Tags_keep_the_case_they_were_written_in_and_the_tag_filter_ignores_case()
    {
        await using var server = await ApiServer.StartAsync();
        using var created = await server.Client.PostAsync(Experts,
            Http.Json(new { slug = "igor", displayName = "Игорь", role = "Backend Developer", tags = new[] { "Decimal", "decimal", "PostgreSQL" } }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await server.Client.OnboardAsync("demo", "anna");

        // The first spelling wins; the repeat in another case is the same tag.
        Assert.Equal(["Decimal", "PostgreSQL"], (await created.BodyAsync()).GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        foreach (var tag in new[] { "decimal", "DECIMAL", "Decimal" })
        {
            var found = (await server.Client.GetJsonAsync(Experts + "?tag=" + tag)).GetProperty("items");
            Assert.Equal("igor", Assert.Single(found.EnumerateArray()).GetProperty("slug").GetString());
        }
        var markdown = await server.Client.GetStringAsync(Experts + "/igor/knowledge.md?lang=en");
        Assert.Contains("Decimal, PostgreSQL", markdown, StringComparison.Ordinal);
        var export = await server.Client.GetStringAsync("api/v1/teams/demo/export");
        Assert.Contains("\"Decimal\"", export, StringComparison.Ordinal);
        Assert.DoesNotContain("\"decimal\"", export, StringComparison.Ordinal);
    }
}
