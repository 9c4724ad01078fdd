using System.Text.Json;
using System.Text.RegularExpressions;

namespace KnowledgeOs.Tests.Api;

/// <summary>What a client generator needs from the OpenAPI document, checked without node (the linters: <see cref="OpenApiClientsTests"/>).</summary>
public sealed partial class OpenApiDocumentTests
{
    [Fact]
    public async Task Every_operation_has_a_summary_a_description_and_its_access_problems()
    {
        var document = await FetchAsync();
        var operations = Operations(document).ToList();
        Assert.True(operations.Count >= 28, $"only {operations.Count} operations");
        foreach (var (path, method, operation) in operations)
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), name + ": no summary");
            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("description").GetString()), name + ": no description");
            var responses = operation.GetProperty("responses");
            foreach (var status in path.Contains("{team}", StringComparison.Ordinal) ? new[] { "401", "403", "404", "429" } : ["401", "403", "429"])
            {
                Assert.True(responses.TryGetProperty(status, out var response), $"{name}: {status} not documented");
                Assert.Equal("#/components/schemas/ProblemDetails",
                    response.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
            }
            if (operation.TryGetProperty("requestBody", out _)) Assert.True(responses.TryGetProperty("413", out _), $"{name}: 413 not documented");
        }
        Assert.True(document.GetProperty("paths").GetProperty("/api/v1/teams/{team}/events/stream").GetProperty("get").GetProperty("responses")
            .GetProperty("429").GetProperty("headers").TryGetProperty("Retry-After", out _));
        Assert.True(document.GetProperty("paths").GetProperty("/api/v1/teams/{team}/context").GetProperty("post").GetProperty("responses")
            .GetProperty("200").GetProperty("headers").TryGetProperty("X-Kos-Pack-Id", out _));
        foreach (var tag in document.GetProperty("tags").EnumerateArray())
            Assert.False(string.IsNullOrWhiteSpace(tag.TryGetProperty("description", out var d) ? d.GetString() : null), tag.GetProperty("name") + ": no description");
    }

    [Fact]
    public async Task Every_operation_on_the_store_documents_its_503_with_Retry_After()
    {
        var document = await FetchAsync();
        var operations = Operations(document).Where(o => o.Path.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        Assert.True(operations.Count >= 28, $"only {operations.Count} operations");
        foreach (var (path, method, operation) in operations)
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            Assert.True(operation.GetProperty("responses").TryGetProperty("503", out var response), $"{name}: 503 not documented");
            Assert.Equal("#/components/schemas/ProblemDetails",
                response.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
            var retryAfter = response.TryGetProperty("headers", out var headers) && headers.TryGetProperty("Retry-After", out var header) ? header : default;
            Assert.True(retryAfter.ValueKind == JsonValueKind.Object, $"{name}: its 503 does not document Retry-After");
            Assert.Equal("integer", retryAfter.GetProperty("schema").GetProperty("type").GetString());
        }
    }

    [Theory]
    [InlineData("ItemView", "evidence", "#/components/schemas/ItemStatus")]
    [InlineData("ItemExport", "order", "#/components/schemas/ItemStatus")]
    public async Task An_item_form_lists_its_members_in_the_order_written_and_all_as_required(string schema, string count, string status)
    {
        var document = await FetchAsync();
        var item = document.GetProperty("components").GetProperty("schemas").GetProperty(schema);

        string[] members = ["id", "section", "text", "fields", "solutions", "source", "firstAt", count, "confirmations", "status", "retractReason"];
        Assert.Equal(members, item.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal(members, item.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        var statusSchema = item.GetProperty("properties").GetProperty("status");
        Assert.Equal(status, statusSchema.TryGetProperty("$ref", out var reference) ? reference.GetString() : statusSchema.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("TaskParticipantView", "outcome", "success,partial,failure,unknown")]
    [InlineData("ItemView", "status", "active,retracted")]
    [InlineData("SearchHitView", "status", "active,retracted")]
    public async Task A_closed_set_lists_its_allowed_values_as_they_go_on_the_wire(string schema, string property, string allowed)
    {
        var document = await FetchAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var member = schemas.GetProperty(schema).GetProperty("properties").GetProperty(property);
        if (member.TryGetProperty("$ref", out var reference))
            member = schemas.GetProperty(reference.GetString()!["#/components/schemas/".Length..]);

        Assert.True(member.TryGetProperty("enum", out var values), $"{schema}.{property} lists no allowed values: {member}");
        Assert.Equal(allowed.Split(','), values.EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Numbers_have_one_type_and_no_digits_pattern()
    {
        var document = await FetchAsync();
        var found = new List<string>();
        Walk(document, "#", found);
        Assert.Empty(found);

        static void Walk(JsonElement e, string at, List<string> found)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                if (e.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array)
                {
                    var types = type.EnumerateArray().Select(t => t.GetString()).Where(t => t != "null").ToList();
                    if (types.Count > 1) found.Add($"{at}: {string.Join("|", types)}");
                }
                foreach (var p in e.EnumerateObject()) Walk(p.Value, at + "/" + p.Name, found);
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var v in e.EnumerateArray()) Walk(v, $"{at}/{i++}", found);
            }
        }
    }

    [Fact]
    public async Task The_problem_schema_allows_what_problems_carry_and_the_report_body_is_the_native_report()
    {
        var document = await FetchAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var problem = schemas.GetProperty("ProblemDetails");
        var members = problem.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Superset(new HashSet<string> { "type", "title", "status", "detail", "instance", "field", "errors", "traceId" }, members.ToHashSet());
        Assert.NotEqual(JsonValueKind.False, problem.TryGetProperty("additionalProperties", out var extra) ? extra.ValueKind : JsonValueKind.Undefined);

        // A real problem holds no member the schema does not name.
        await using var server = await ApiServer.StartAsync();
        using var refused = await server.Client.PostAsync("api/v1/teams/default/reports",
            new StringContent("""{"taskId":"T-1"}""", System.Text.Encoding.UTF8, "application/json"));
        var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.All(body.EnumerateObject(), p => Assert.Contains(p.Name, members));
        Assert.True(body.TryGetProperty("field", out _) && body.TryGetProperty("traceId", out _), body.ToString());

        var learn = document.GetProperty("paths").GetProperty("/api/v1/teams/{team}/reports").GetProperty("post").GetProperty("requestBody");
        var json = learn.GetProperty("content").GetProperty("application/json");
        Assert.Equal("#/components/schemas/NativeReport", json.GetProperty("schema").GetProperty("$ref").GetString());
        Assert.Equal(["completedAt", "participants", "taskId"],
            schemas.GetProperty("NativeReport").GetProperty("required").EnumerateArray().Select(r => r.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("success", json.GetProperty("example").GetProperty("outcome").GetString());
        foreach (var (_, method, operation) in Operations(document))
            if (operation.TryGetProperty("requestBody", out var request) && request.GetProperty("content").TryGetProperty("application/json", out var media))
                Assert.True(media.TryGetProperty("example", out _), $"{operation.GetProperty("operationId")}: no example");
    }

    [Theory]
    [InlineData("/api/v1/teams/{team}/experts/{slug}/knowledge.md", "get")]
    [InlineData("/api/v1/teams/{team}/experts/{slug}/guidance.md", "get")]
    [InlineData("/api/v1/teams/{team}/context", "post")]
    public async Task A_Markdown_operation_documents_its_200_as_text_markdown_and_its_400_and_404_problems(string path, string method)
    {
        var document = await FetchAsync();
        var responses = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");
        Assert.Equal("string", responses.GetProperty("200").GetProperty("content").GetProperty("text/markdown").GetProperty("schema").GetProperty("type").GetString());
        foreach (var status in new[] { "400", "404" })
            Assert.Equal("#/components/schemas/ProblemDetails",
                responses.GetProperty(status).GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
    }

    [Fact]
    public async Task Angle_brackets_in_descriptions_stay_inside_code_spans_so_the_reference_page_shows_them()
    {
        var document = await FetchAsync();
        var texts = new List<string> { document.GetProperty("info").GetProperty("description").GetString()! };
        texts.Add(document.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiKey").GetProperty("description").GetString()!);
        Assert.Contains("`Authorization: Bearer <key>`", texts[0], StringComparison.Ordinal);
        foreach (var text in texts)
            Assert.DoesNotMatch(OutsideCode(), CodeSpan().Replace(text, ""));
    }

    private static async Task<JsonElement> FetchAsync()
    {
        await using var server = await ApiServer.StartAsync();
        return await server.Client.GetJsonAsync("openapi/v1.json");
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(m => (p.Name, m.Name, m.Value)));

    [GeneratedRegex("`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex("<[A-Za-z]")]
    private static partial Regex OutsideCode();
}
