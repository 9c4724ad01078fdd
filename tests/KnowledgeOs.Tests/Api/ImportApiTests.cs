using System.Net;
using System.Net.Http.Headers;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Api;

public sealed class ImportApiTests
{
    private const string Import = "api/v1/teams/demo/import";

    private static MultipartFormDataContent Files(params string[] names)
    {
        var form = new MultipartFormDataContent();
        foreach (var name in names)
        {
            var file = new ByteArrayContent(File.ReadAllBytes(Path.Combine(Repo.Samples, "import", name)));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
            form.Add(file, "files", name);
        }
        return form;
    }

    [Fact]
    public async Task Uploaded_Markdown_knowledge_bases_are_imported_once()
    {
        await using var server = await ApiServer.StartAsync();
        using var first = await server.Client.PostAsync(Import, Files("kate_knowledge.md", "svetlana_knowledge.md", "svetlana_program.md"));
        Assert.True(first.StatusCode == HttpStatusCode.OK, await first.Content.ReadAsStringAsync());
        var result = await first.BodyAsync();
        Assert.Equal(3, result.GetProperty("imported").GetInt32());
        Assert.Equal(0, result.GetProperty("failed").GetInt32());
        Assert.Equal(["kate_knowledge.md", "svetlana_knowledge.md", "svetlana_program.md"],
            result.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(Path.GetTempPath(), result.ToString(), StringComparison.Ordinal);

        var experts = (await server.Client.GetJsonAsync("api/v1/teams/demo/experts")).GetProperty("items");
        Assert.Equal(2, experts.GetArrayLength());
        var slug = experts[0].GetProperty("slug").GetString();
        var items = await server.Client.GetJsonAsync($"api/v1/teams/demo/experts/{slug}/items?source=import:");
        Assert.True(items.GetProperty("items").GetArrayLength() > 0);

        var version = experts[0].GetProperty("version").GetInt64();
        using var again = await server.Client.PostAsync(Import, Files("kate_knowledge.md", "svetlana_knowledge.md", "svetlana_program.md"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(version, (await server.Client.GetJsonAsync($"api/v1/teams/demo/experts/{slug}")).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_dry_run_writes_nothing()
    {
        await using var server = await ApiServer.StartAsync();
        using var response = await server.Client.PostAsync(Import + "?dryRun=true", Files("kate_knowledge.md"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.BodyAsync()).GetProperty("dryRun").GetBoolean());
        Assert.Empty((await server.Client.GetJsonAsync("api/v1/teams/demo/experts")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task An_import_without_files_is_a_400_naming_the_field()
    {
        await using var server = await ApiServer.StartAsync();
        using var empty = new MultipartFormDataContent { { new StringContent("x"), "note" } };
        using var response = await server.Client.PostAsync(Import, empty);
        await response.ProblemAsync(400, "files");
    }

    [Fact]
    public async Task An_import_larger_than_the_limit_is_a_413_problem()
    {
        await using var server = await ApiServer.StartAsync(o => o with { MaxImportBodyBytes = 2048 });
        using var response = await server.Client.PostAsync(Import, Files("kate_knowledge.md", "svetlana_knowledge.md"));
        await response.ProblemAsync(413);
    }

    [Fact]
    public async Task A_repeated_import_with_the_same_idempotency_key_replays_the_first_answer_though_the_boundary_differs()
    {
        await using var server = await ApiServer.StartAsync();
        using var first = new HttpRequestMessage(HttpMethod.Post, Import) { Content = Files("kate_knowledge.md") };
        first.Headers.Add("Idempotency-Key", "import-kate");
        using var firstResponse = await server.Client.SendAsync(first);
        using var repeat = new HttpRequestMessage(HttpMethod.Post, Import) { Content = Files("kate_knowledge.md") };
        repeat.Headers.Add("Idempotency-Key", "import-kate");
        using var repeatResponse = await server.Client.SendAsync(repeat);
        Assert.Equal("true", repeatResponse.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await firstResponse.Content.ReadAsStringAsync(), await repeatResponse.Content.ReadAsStringAsync());
        using var other = new HttpRequestMessage(HttpMethod.Post, Import) { Content = Files("svetlana_knowledge.md") };
        other.Headers.Add("Idempotency-Key", "import-kate");
        using var otherResponse = await server.Client.SendAsync(other);
        await otherResponse.ProblemAsync(409, "Idempotency-Key");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_import_of_more_than_1024_parts_is_a_413_problem(bool withIdempotencyKey)
    {
        await using var server = await ApiServer.StartAsync();
        using var form = new MultipartFormDataContent();
        for (var i = 0; i < 1100; i++) form.Add(new StringContent("x"), $"note{i}");
        using var request = new HttpRequestMessage(HttpMethod.Post, Import) { Content = form };
        if (withIdempotencyKey) request.Headers.Add("Idempotency-Key", "many-parts");
        using var response = await server.Client.SendAsync(request);
        await response.ProblemAsync(413, "body");
    }

    [Fact]
    public async Task An_import_file_name_of_300_characters_is_a_400_naming_the_field()
    {
        await using var server = await ApiServer.StartAsync();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(File.ReadAllBytes(Path.Combine(Repo.Samples, "import", "kate_knowledge.md")));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
        form.Add(file, "files", new string('k', 297) + ".md");
        using var response = await server.Client.PostAsync(Import, form);
        await response.ProblemAsync(400, "files");
    }
}
