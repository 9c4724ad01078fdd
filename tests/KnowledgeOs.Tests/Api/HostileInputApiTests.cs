using System.Net;
using System.Net.Http.Headers;
using System.Text;
using KnowledgeOs.Hosting;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Api;

/// <summary>
/// Issue 10 over HTTP: hostile or careless input is refused with problem+json naming the field (400) or the limit
/// (422), the same on both stores, and nothing of it reaches the log; reads keep answering.
/// </summary>
public abstract class HostileInputApiContract : IAsyncLifetime
{
    private const string Reports = "api/v1/teams/demo/reports";
    private const string Igor = "api/v1/teams/demo/experts/igor";

    /// <summary>A server on a fresh store.</summary>
    protected abstract Task<ApiServer> StartAsync();

    /// <inheritdoc/>
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc/>
    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Report(string taskId, string participant) =>
        $$"""{ "taskId": {{taskId}}, "completedAt": "2026-03-03T17:40:00Z", "outcome": "success", "participants": [ {{participant}} ] }""";

    private async Task<ApiServer> WithIgorAsync()
    {
        var server = await StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        return server;
    }

    private static async Task AssertNothingWrittenAsync(ApiServer server) =>
        Assert.Equal(1, (await server.Client.GetJsonAsync(Igor)).GetProperty("version").GetInt64());

    [SkippableTheory]
    [InlineData("""{ "expert": "igor", "errorsFixed": 2147483647 }""", "participants[0].errorsFixed")]
    [InlineData("""{ "expert": "igor", "errorsFixed": 10001 }""", "participants[0].errorsFixed")]
    [InlineData("""{ "expert": "igor", "newKnowledge": ["a\u0000b"] }""", "participants[0].newKnowledge[0]")]
    [InlineData("""{ "expert": "igor", "newKnowlege": ["lost"] }""", "participants[0].newKnowlege")]
    public async Task A_poisoned_report_is_a_400_naming_the_field_and_reads_keep_answering(string participant, string field)
    {
        await using var server = await WithIgorAsync();

        using var response = await server.Client.PostAsync(Reports, Raw(Report("\"T-1\"", participant)));

        await response.ProblemAsync(400, field);
        await AssertNothingWrittenAsync(server);
        await server.Client.GetJsonAsync("api/v1/teams/demo/experts");
        await server.Client.GetStringAsync(Igor + "/knowledge.md");
    }

    [SkippableTheory]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"ORB-101\\u200b\"")]
    [InlineData("\"\\u202eORB-101\"")]
    public async Task A_task_id_with_an_unpaired_surrogate_or_an_invisible_character_is_a_400_not_a_500(string taskId)
    {
        await using var server = await WithIgorAsync();

        using var response = await server.Client.PostAsync(Reports, Raw(Report(taskId, "\"igor\"")));

        await response.ProblemAsync(400, "taskId");
        await AssertNothingWrittenAsync(server);
    }

    [SkippableFact]
    public async Task Invalid_UTF_8_in_a_report_is_a_400_not_text_stored_as_replacement_characters()
    {
        await using var server = await WithIgorAsync();
        var bytes = Encoding.UTF8.GetBytes(Report("\"T-#\"", "\"igor\""));
        bytes[Array.IndexOf(bytes, (byte)'#')] = 0xFF;
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await server.Client.PostAsync(Reports, content);

        var problem = await response.ProblemAsync(400, "body");
        Assert.Contains("invalid UTF-8", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNothingWrittenAsync(server);
    }

    [SkippableFact]
    public async Task A_report_with_thousands_of_items_is_a_422_naming_the_limit_and_the_field()
    {
        await using var server = await WithIgorAsync();
        var items = string.Join(",", Enumerable.Range(0, 5_000).Select(i => $"\"k{i}\""));

        using var response = await server.Client.PostAsync(Reports, Raw(Report("\"T-1\"", $$"""{ "expert": "igor", "newKnowledge": [{{items}}] }""")));

        var problem = await response.ProblemAsync(422, "participants[0].newKnowledge");
        Assert.Contains("MaxItemsPerParticipant", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNothingWrittenAsync(server);
    }

    [SkippableFact]
    public async Task NUL_in_a_manual_item_or_an_onboarding_is_a_400_naming_the_field()
    {
        await using var server = await WithIgorAsync();

        using var item = await server.Client.PostAsync(Igor + "/sections/learned/items", Raw("""{ "text": "a\u0000b" }"""));
        using var onboard = await server.Client.PostAsync("api/v1/teams/demo/experts",
            Raw("""{ "slug": "kate", "displayName": "Kate\u0000", "role": "QA Engineer" }"""));

        await item.ProblemAsync(400, "text");
        await onboard.ProblemAsync(400, "displayName");
        await AssertNothingWrittenAsync(server);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("api/v1/teams/demo/experts/kate")).StatusCode);
    }

    [SkippableTheory]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"a\\udc00b\"")]
    public async Task An_unpaired_surrogate_in_a_manual_item_or_an_onboarding_is_a_400(string text)
    {
        await using var server = await WithIgorAsync();

        using var item = await server.Client.PostAsync(Igor + "/sections/learned/items", Raw($$"""{ "text": {{text}} }"""));
        using var onboard = await server.Client.PostAsync("api/v1/teams/demo/experts",
            Raw($$"""{ "slug": "kate", "displayName": {{text}}, "role": "QA Engineer" }"""));

        await item.ProblemAsync(400);
        await onboard.ProblemAsync(400);
        await AssertNothingWrittenAsync(server);
    }

    [SkippableFact]
    public async Task Invalid_UTF_8_in_a_manual_item_is_a_400()
    {
        await using var server = await WithIgorAsync();
        var bytes = Encoding.UTF8.GetBytes("""{ "text": "caf#" }""");
        bytes[Array.IndexOf(bytes, (byte)'#')] = 0xE9;
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await server.Client.PostAsync(Igor + "/sections/learned/items", content);

        await response.ProblemAsync(400);
        await AssertNothingWrittenAsync(server);
    }

    [SkippableFact]
    public async Task Text_is_stored_NFC_normalised()
    {
        await using var server = await WithIgorAsync();

        await server.Client.LearnAsync("demo", new
        {
            taskId = "T-1", completedAt = "2026-03-03T17:40:00Z", outcome = "success",
            participants = new[] { new { expert = "igor", newKnowledge = new[] { "Cafe\u0301 au lait" } } },
        });

        var items = await server.Client.GetJsonAsync(Igor + "/sections/learned/items");
        Assert.Equal("Caf\u00e9 au lait", Assert.Single(items.GetProperty("items").EnumerateArray()).GetProperty("text").GetString());
    }
}

/// <summary>Hostile input over HTTP on SQLite.</summary>
public sealed class SqliteHostileInputApiTests : HostileInputApiContract
{
    /// <inheritdoc/>
    protected override Task<ApiServer> StartAsync() => ApiServer.StartAsync();
}

/// <summary>Hostile input over HTTP on PostgreSQL, where NUL used to fail the whole group commit (skipped without <c>KOS_TEST_POSTGRES</c>).</summary>
public sealed class PostgresHostileInputApiTests : HostileInputApiContract
{
    private readonly TestPostgres _postgres = new();

    /// <inheritdoc/>
    protected override Task<ApiServer> StartAsync()
    {
        TestPostgres.Require();
        return ApiServer.StartAsync(ApiServer.Options("unused.db") with { Store = KnowledgeOs.Hosting.StoreKind.Postgres, Connection = TestPostgres.WithSchema(_postgres.NewSchema()) });
    }

    /// <inheritdoc/>
    public override Task DisposeAsync() => _postgres.DisposeAsync().AsTask();
}
