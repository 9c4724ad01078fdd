using System.Net;

namespace KnowledgeOs.Tests.Api;

/// <summary>The HTTP reads and the dashboard answer both past questions (docs/TIME.md): <c>asOf</c> and <c>recordedAsOf</c>.</summary>
public sealed class TwoTimesApiTests
{
    private const string Igor = "api/v1/teams/demo/experts/igor";

    // The report completed on 2026-03-03; the server records it today, on the real clock (later than that).
    private static async Task<ApiServer> LearnedLateAsync()
    {
        var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        await server.Client.LearnAsync("demo", Http.Report("T-1", "igor", "Alpha fact"));
        return server;
    }

    [Fact]
    public async Task AsOf_is_what_had_happened_then_and_recordedAsOf_what_had_been_recorded_then()
    {
        await using var server = await LearnedLateAsync();

        var happened = await server.Client.GetStringAsync(Igor + "/knowledge.md?asOf=2026-03-04");
        Assert.Contains("Alpha fact", happened, StringComparison.Ordinal);
        using var notRecorded = await server.Client.GetAsync(Igor + "/knowledge.md?recordedAsOf=2026-03-04");
        var problem = await notRecorded.ProblemAsync(404);
        Assert.Contains("as recorded by 2026-03-04", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var notYet = await server.Client.GetAsync(Igor + "/knowledge.md?asOf=2026-03-02");
        await notYet.ProblemAsync(404);

        var json = await server.Client.GetJsonAsync(Igor + "/knowledge?asOf=2026-03-04");
        Assert.Equal(1, json.GetProperty("tasks").GetArrayLength());
        var metrics = await server.Client.GetJsonAsync(Igor + "/metrics?asOf=2026-03-04");
        Assert.Equal(1, metrics.GetProperty("metrics").GetProperty("tasksCompleted").GetInt32());
        var team = await server.Client.GetJsonAsync("api/v1/teams/demo/metrics?recordedAsOf=2026-03-04");
        Assert.Equal(0, team.GetArrayLength());
        var history = await server.Client.GetAllAsync(Igor + "/history?asOf=2026-03-04");
        var total = (await server.Client.GetAllAsync(Igor + "/history")).Count;
        // The onboarding happened today: of the events only those of the task (completed 2026-03-03) had happened then.
        Assert.InRange(history.Count, 1, total - 1);
    }

    [Theory]
    [InlineData(Igor + "/knowledge.md?asOf=2026-03-04&recordedAsOf=2026-03-04", "recordedAsOf")]
    [InlineData(Igor + "/metrics?recordedAsOf=last-week", "recordedAsOf")]
    [InlineData(Igor + "/history?asOf=03/04/2026x", "asOf")]
    [InlineData("ui/teams/demo/experts/igor?recordedAsOf=soon", "recordedAsOf")]
    public async Task A_bad_or_double_point_in_time_is_a_400_naming_the_parameter(string path, string field)
    {
        await using var server = await LearnedLateAsync();
        using var response = await server.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(field, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_pages_take_asOf_and_recordedAsOf_as_a_query_parameter()
    {
        await using var server = await LearnedLateAsync();

        var expert = await server.Client.GetStringAsync("ui/teams/demo/experts/igor?asOf=2026-03-04");
        Assert.Contains("id=\"as-of\"", expert, StringComparison.Ordinal);
        Assert.Contains("Alpha fact", expert, StringComparison.Ordinal);
        var now = await server.Client.GetStringAsync("ui/teams/demo/experts/igor");
        Assert.DoesNotContain("id=\"as-of\"", now, StringComparison.Ordinal);

        var overview = await server.Client.GetStringAsync("ui/teams/demo?asOf=2026-03-04");
        Assert.Contains("id=\"as-of\"", overview, StringComparison.Ordinal);
        Assert.Contains("<tr data-slug=\"igor\">", overview, StringComparison.Ordinal);
        using var before = await server.Client.GetAsync("ui/teams/demo?recordedAsOf=2026-03-04");
        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);

        var history = await server.Client.GetStringAsync("ui/teams/demo/experts/igor/history?recordedAsOf=2026-03-04");
        Assert.DoesNotContain("<td class=\"num\">", history, StringComparison.Ordinal);
        var all = await server.Client.GetStringAsync("ui/teams/demo/experts/igor/history");
        Assert.Contains("<td class=\"num\">", all, StringComparison.Ordinal);
    }
}
