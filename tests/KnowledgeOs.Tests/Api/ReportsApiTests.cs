using System.Net;
using System.Text.Json;
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
    public async Task A_learned_report_answers_each_experts_events_and_version_not_their_whole_knowledge_base()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        var sizes = new List<int>();
        for (var n = 1; n <= 12; n++)
        {
            using var response = await server.Client.PostAsync(Reports, Http.Json(Http.Report($"T-{n}", "igor", $"Fact number {n}")));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            sizes.Add(text.Length);
            if (n < 12) continue;
            var change = Assert.Single(JsonDocument.Parse(text).RootElement.GetProperty("changes").EnumerateArray());
            Assert.Equal(["events", "expert", "version"], change.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            Assert.Equal(("igor", 2, 25L), (change.GetProperty("expert").GetString(), change.GetProperty("events").GetInt32(), change.GetProperty("version").GetInt64()));
        }
        // The answer's size follows the report, not the knowledge base it grew: the 12th is as long as the 1st (ids of 1 and 2 digits aside).
        Assert.InRange(sizes[^1], sizes[0], sizes[0] + 4);
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
    public async Task A_revised_retrospective_is_refused_with_a_409_naming_amend_and_applied_once_with_amend_true()
    {
        await using var server = await ApiServer.StartAsync();
        using var first = await server.Client.PostAsync(Reports + "?onboard=true", Http.Json(Learning.AmendedRetrospectiveContract.Retrospective(revised: false)));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var plain = await server.Client.PostAsync(Reports, Http.Json(Learning.AmendedRetrospectiveContract.Retrospective(revised: true)));
        using var amended = await server.Client.PostAsync(Reports + "?amend=true", Http.Json(Learning.AmendedRetrospectiveContract.Retrospective(revised: true)));
        using var again = await server.Client.PostAsync(Reports + "?amend=true", Http.Json(Learning.AmendedRetrospectiveContract.Retrospective(revised: true)));

        var detail = (await plain.ProblemAsync(409)).GetProperty("detail").GetString()!;
        Assert.Contains("Task ATRA-42 was already learned from other content", detail, StringComparison.Ordinal);
        Assert.Contains("POST /api/v1/teams/demo/reports?amend=true", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, amended.StatusCode);
        var revision = (await amended.BodyAsync()).GetProperty("revision").GetString();
        Assert.Matches("^[0-9a-f]{8}$", revision);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(0, (await again.BodyAsync()).GetProperty("events").GetInt32());
        var task = await server.Client.GetJsonAsync(Reports + "/ATRA-42");
        Assert.Equal(revision, task.GetProperty("revision").GetString());
        Assert.Equal("success", task.GetProperty("participants")[0].GetProperty("outcome").GetString());
        Assert.Equal("errors_count", task.GetProperty("measurements")[0].GetProperty("name").GetString());
        Assert.Equal(0, task.GetProperty("measurements")[0].GetProperty("value").GetDecimal());
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
        Assert.True((await server.Client.GetJsonAsync("api/v1/teams/demo/experts")).GetProperty("items").GetArrayLength() >= 3);
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
    public async Task A_declared_length_beyond_the_limit_is_a_413_before_any_buffer_of_that_size()
    {
        // A hostile client declares the largest length and sends one byte: the server must refuse it by the limit,
        // not try to allocate what the header claims.
        await using var server = await ApiServer.StartAsync();
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.Address.Host, server.Address.Port);
        var stream = tcp.GetStream();
        var head = $"POST /{Reports} HTTP/1.1\r\nHost: {server.Address.Authority}\r\nContent-Type: application/json\r\n" +
                   $"Content-Length: {int.MaxValue}\r\n\r\n{{";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
        var buffer = new byte[512];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        var statusLine = System.Text.Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0];
        Assert.Equal("HTTP/1.1 413 Payload Too Large", statusLine);
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
