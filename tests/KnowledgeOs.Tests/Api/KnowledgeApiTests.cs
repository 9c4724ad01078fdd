using System.IO.Compression;
using System.Net;

namespace KnowledgeOs.Tests.Api;

public sealed class KnowledgeApiTests
{
    private const string Igor = "api/v1/teams/demo/experts/igor";

    [Fact]
    public async Task The_knowledge_base_renders_as_Markdown_in_both_languages_with_its_version()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        await server.Client.LearnAsync("demo", Http.Report("T-1", "igor", "Alpha fact"));
        using var ru = await server.Client.GetAsync(Igor + "/knowledge.md");
        Assert.Equal(HttpStatusCode.OK, ru.StatusCode);
        Assert.Equal("text/markdown", ru.Content.Headers.ContentType?.MediaType);
        Assert.Equal("\"3\"", ru.Headers.ETag?.Tag);
        var markdown = await ru.Content.ReadAsStringAsync();
        Assert.Contains("НАКОПЛЕННЫЕ ЗНАНИЯ", markdown, StringComparison.Ordinal);
        Assert.Contains("Alpha fact", markdown, StringComparison.Ordinal);
        var en = await server.Client.GetStringAsync(Igor + "/knowledge.md?lang=en");
        Assert.Contains("Accumulated knowledge", en, StringComparison.Ordinal);

        await server.Client.LearnAsync("demo", Http.Report("T-2", "igor", "Beta fact"));
        var next = await server.Client.GetStringAsync(Igor + "/knowledge.md");
        Assert.Contains("Beta fact", next, StringComparison.Ordinal);
    }

    [Fact]
    public async Task As_of_a_time_renders_only_what_had_been_recorded_then()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        using var before = await server.Client.GetAsync(Igor + "/knowledge.md?asOf=2000-01-01");
        await before.ProblemAsync(404);
        var now = await server.Client.GetStringAsync(Igor + $"/knowledge.md?asOf={DateTimeOffset.UtcNow.AddDays(1):yyyy-MM-dd}");
        Assert.Contains("Игорь", now, StringComparison.Ordinal);
        var json = await server.Client.GetJsonAsync(Igor + $"/knowledge?asOf={DateTimeOffset.UtcNow.AddDays(1):yyyy-MM-dd}");
        Assert.Equal(1, json.GetProperty("version").GetInt64());
    }

    [Theory]
    [InlineData("/knowledge.md?lang=de", "lang")]
    [InlineData("/knowledge.md?asOf=yesterday", "asOf")]
    [InlineData("/knowledge?asOf=31.12.2026", "asOf")]
    public async Task A_bad_render_query_is_a_400_naming_the_parameter(string path, string field)
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        using var response = await server.Client.GetAsync(Igor + path);
        await response.ProblemAsync(400, field);
    }

    [Fact]
    public async Task The_knowledge_base_as_JSON_carries_items_with_provenance_and_metrics()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        await server.Client.LearnAsync("demo", Http.Report("T-1", "igor", "Alpha fact"));
        var json = await server.Client.GetJsonAsync(Igor + "/knowledge");
        var item = Assert.Single(json.GetProperty("items").EnumerateArray());
        Assert.Equal("task:T-1", item.GetProperty("source").GetString());
        Assert.Equal(1, json.GetProperty("metrics").GetProperty("tasksCompleted").GetInt32());

        var metrics = await server.Client.GetJsonAsync(Igor + "/metrics");
        Assert.Equal(1, metrics.GetProperty("metrics").GetProperty("successful").GetInt32());
        var team = await server.Client.GetJsonAsync("api/v1/teams/demo/metrics");
        Assert.Equal("igor", Assert.Single(team.EnumerateArray()).GetProperty("expert").GetString());
    }

    [Fact]
    public async Task The_export_holds_every_expert_as_JSON_and_as_Markdown_files()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        await server.Client.OnboardAsync("demo", "anna");
        var export = await server.Client.GetJsonAsync("api/v1/teams/demo/export");
        Assert.Equal("demo", export.GetProperty("team").GetString());
        Assert.Equal(2, export.GetProperty("experts").GetArrayLength());

        using var zipResponse = await server.Client.GetAsync("api/v1/teams/demo/export/zip?lang=en");
        Assert.Equal("application/zip", zipResponse.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await zipResponse.Content.ReadAsStreamAsync());
        Assert.Equal(["anna_knowledge.md", "demo_export.json", "igor_knowledge.md"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_export_zip_is_in_the_team_language_unless_lang_says_otherwise()
    {
        await using var server = await ApiServer.StartAsync();
        using var added = await server.Client.PostAsync("api/v1/teams/crew/experts", Http.Json(Http.Expert("ann", "Ann", "Backend Developer")));
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        await server.Client.LearnAsync("crew", Http.Report("T-1", "ann", "Idempotency keys on every refund"));

        Assert.StartsWith("# 📚 KNOWLEDGE BASE", await KnowledgeInZipAsync(server.Client, "api/v1/teams/crew/export/zip"), StringComparison.Ordinal);
        Assert.StartsWith("# 📚 БАЗА ЗНАНИЙ", await KnowledgeInZipAsync(server.Client, "api/v1/teams/crew/export/zip?lang=ru"), StringComparison.Ordinal);
        using var bad = await server.Client.GetAsync("api/v1/teams/crew/export/zip?lang=de");
        await bad.ProblemAsync(400, "lang");
    }

    private static async Task<string> KnowledgeInZipAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        await using var entry = await zip.GetEntry("ann_knowledge.md")!.OpenAsync();
        return await new StreamReader(entry).ReadToEndAsync();
    }
}
