using System.Net;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Api;

public sealed class ReportsApiTests
{
    private const string Reports = "api/v1/teams/demo/reports";

    [Fact]
    public async Task A_native_report_is_learned_once_and_a_replay_changes_nothing()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        using var first = await server.Client.PostAsync(Reports, Http.Json(Http.Report("T-1", "igor", "Alpha fact")));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var result = await first.BodyAsync();
        Assert.False(result.GetProperty("duplicate").GetBoolean());
        Assert.Equal(2, result.GetProperty("events").GetInt32());
        Assert.Equal("/api/v1/teams/demo/reports/T-1", first.Headers.Location?.ToString());

        using var replay = await server.Client.PostAsync(Reports, Http.Json(Http.Report("T-1", "igor", "Alpha fact")));
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.True((await replay.BodyAsync()).GetProperty("duplicate").GetBoolean());
        Assert.Equal(3, (await server.Client.GetJsonAsync("api/v1/teams/demo/experts/igor")).GetProperty("version").GetInt64());

        var task = await server.Client.GetJsonAsync(Reports + "/T-1");
        Assert.Equal("igor", task.GetProperty("participants")[0].GetProperty("expert").GetString());
    }

    [Fact]
    public async Task The_same_task_id_with_another_report_is_a_conflict_and_not_applied()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        await server.Client.LearnAsync("demo", Http.Report("T-1", "igor", "Alpha fact"));
        using var other = await server.Client.PostAsync(Reports, Http.Json(Http.Report("T-1", "igor", "Something else")));
        await other.ProblemAsync(409);
        var items = await server.Client.GetJsonAsync("api/v1/teams/demo/experts/igor/items");
        Assert.Equal("Alpha fact", Assert.Single(items.GetProperty("items").EnumerateArray()).GetProperty("text").GetString());
    }

    [Fact]
    public async Task The_sample_reports_in_both_formats_are_learned_over_HTTP()
    {
        await using var server = await ApiServer.StartAsync();
        foreach (var file in Directory.GetFiles(Path.Combine(Repo.Samples, "reports"), "*.json").Order(StringComparer.Ordinal))
        {
            using var response = await server.Client.PostAsync(Reports + "?onboard=true", Http.Json(await File.ReadAllTextAsync(file)));
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{Path.GetFileName(file)}: {await response.Content.ReadAsStringAsync()}");
        }
        var atra = await server.Client.GetJsonAsync(Reports + "/RETRO-103");
        Assert.StartsWith("retro:", atra.GetProperty("participants")[0].GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.True((await server.Client.GetJsonAsync("api/v1/teams/demo/experts")).GetArrayLength() >= 3);
    }

    [Theory]
    [InlineData("broken-json.json", "body")]
    [InlineData("empty-participants.json", "participants")]
    [InlineData("missing-task-id.json", "taskId")]
    [InlineData("unknown-outcome.json", "outcome")]
    [InlineData("wrong-type.json", "durationMinutes")]
    public async Task A_bad_report_is_refused_naming_the_field_and_writes_nothing(string file, string field)
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        using var response = await server.Client.PostAsync(Reports, Http.Json(await File.ReadAllTextAsync(Path.Combine(Repo.Samples, "bad", file))));
        await response.ProblemAsync(400, field);
        Assert.Equal(1, (await server.Client.GetJsonAsync("api/v1/teams/demo/experts/igor")).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_text_over_the_length_limit_is_a_422_problem_naming_the_limit_and_the_field()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        using var response = await server.Client.PostAsync(Reports, Http.Json(await File.ReadAllTextAsync(Path.Combine(Repo.Samples, "bad", "too-long-field.json"))));
        var problem = await response.ProblemAsync(422, "description");
        Assert.Contains("MaxTextLength", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await server.Client.GetJsonAsync("api/v1/teams/demo/experts/igor")).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_report_larger_than_the_limit_is_a_413_problem()
    {
        await using var server = await ApiServer.StartAsync(o => o with { MaxRequestBodyBytes = 4096 });
        using var response = await server.Client.PostAsync(Reports, Http.Json(Http.Report("T-1", "igor", new string('x', 8000))));
        await response.ProblemAsync(413);
    }

    [Fact]
    public async Task A_report_that_is_not_JSON_is_refused_naming_the_content_type()
    {
        await using var server = await ApiServer.StartAsync();
        using var response = await server.Client.PostAsync(Reports, new StringContent("taskId=1"));
        await response.ProblemAsync(415, "Content-Type");
    }

    [Fact]
    public async Task An_unknown_task_is_a_404_problem()
    {
        await using var server = await ApiServer.StartAsync();
        using var response = await server.Client.GetAsync(Reports + "/NOPE");
        await response.ProblemAsync(404);
    }
}
