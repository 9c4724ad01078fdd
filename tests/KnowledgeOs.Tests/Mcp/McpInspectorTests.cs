using System.Text.Json;
using KnowledgeOs.Tests.Api;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Mcp;

/// <summary>
/// Every tool driven by a client we did not write: the official MCP Inspector CLI from npm (pinned in
/// <c>.ci/clients</c>, installed by <c>.ci/run</c>), over stdio (<c>kos mcp</c>) and over HTTP (<c>/mcp</c>).
/// It sends arguments the way CLI clients do: strings, numbers, and arrays as JSON text.
/// </summary>
public sealed class McpInspectorTests : IAsyncLifetime
{
    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    public async Task InitializeAsync() => Assert.Equal(0, (await Kos.RunAsync("demo", "--data", Db, "--json")).ExitCode);

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [SkippableFact]
    public async Task The_inspector_calls_every_tool_over_stdio()
    {
        var inspector = await Inspector.RequireAsync();
        await EveryToolAnswersAsync("inspector-cli", (method, args) => inspector.RunAsync(["dotnet", "exec", KosProcess.Dll, "mcp", "--data", Db, "--method", method, .. args]));
    }

    [SkippableFact]
    public async Task The_inspector_calls_every_tool_over_http()
    {
        var inspector = await Inspector.RequireAsync();
        await using var server = await ApiServer.StartAsync(ApiServer.Options(Db));
        var url = new Uri(server.Address, "mcp").ToString();
        // The inspector starts with initialize: its session keeps the client's name from the handshake.
        await EveryToolAnswersAsync("inspector-cli", (method, args) => inspector.RunAsync([url, "--transport", "http", "--method", method, .. args]));
    }

    private static async Task EveryToolAnswersAsync(string clientName, Func<string, string[], Task<JsonElement>> run)
    {
        var listed = await run("tools/list", []);
        var names = listed.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(McpHttpTests.Tools, names);
        // No tool declares a multi-type schema: one plain type per parameter is what every client can send.
        foreach (var tool in listed.GetProperty("tools").EnumerateArray())
            foreach (var property in tool.GetProperty("inputSchema").GetProperty("properties").EnumerateObject())
                Assert.Equal(JsonValueKind.String, property.Value.GetProperty("type").ValueKind);

        Task<string> Call(string tool, params string[] args) => CallAsync(run, tool, args);

        var route = JsonDocument.Parse(await Call("route_task", "task=Настроить лимиты velocity по картам", "top=1")).RootElement;
        Assert.Equal("mariya", route[0].GetProperty("expert").GetString());

        Assert.Contains("`dmitriy`", await Call("context_pack", "task=ключи идемпотентности", """experts=["dmitriy","mariya"]""", "lang=en"), StringComparison.Ordinal);

        var found = JsonDocument.Parse(await Call("search_knowledge", "query=ключи", """experts=["dmitriy"]""", "sections=known")).RootElement;
        Assert.NotEmpty(found.EnumerateArray());
        Assert.All(found.EnumerateArray(), h => Assert.Equal(("dmitriy", "known"), (h.GetProperty("expert").GetString(), h.GetProperty("section").GetString())));

        Assert.Contains("Дмитрий", await Call("get_knowledge", "expert=dmitriy"), StringComparison.Ordinal);
        Assert.Contains("mariya", await Call("list_experts"), StringComparison.Ordinal);

        var report = JsonSerializer.Serialize(McpHttpTests.Report("INSPECTOR-1", "dmitriy", "Retry budgets stop retry storms"));
        var learned = JsonDocument.Parse(await Call("learn_from_report", "report=" + report)).RootElement;
        Assert.Equal(["dmitriy"], learned.GetProperty("experts").EnumerateArray().Select(e => e.GetString()));

        var lesson = JsonDocument.Parse(await Call("record_lesson", "expert=dmitriy", "text=Circuit breakers need a half-open probe", "taskId=INSPECTOR-2")).RootElement;
        Assert.Equal($"agent:{clientName}:INSPECTOR-2", lesson.GetProperty("source").GetString());
        var again = JsonDocument.Parse(await Call("record_lesson", "expert=dmitriy", "text=Circuit breakers need a half-open probe", "taskId=INSPECTOR-2")).RootElement;
        Assert.Equal((true, lesson.GetProperty("itemId").GetString()), (again.GetProperty("duplicate").GetBoolean(), again.GetProperty("itemId").GetString()));

        // Resources: listed per expert, read by address, the template's ?lang= honoured.
        var resources = (await run("resources/list", [])).GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("uri").GetString()).ToList();
        Assert.Contains("kos://teams/default/experts/dmitriy/knowledge.md", resources);
        Assert.Contains("kos://teams/default/team.md", resources);
        var templates = (await run("resources/templates/list", [])).GetProperty("resourceTemplates").EnumerateArray().Select(r => r.GetProperty("uriTemplate").GetString());
        Assert.Contains("kos://teams/{team}/experts/{slug}/knowledge.md{?lang,asOf,recordedAsOf}", templates);
        var read = await run("resources/read", ["--uri", "kos://teams/default/experts/dmitriy/knowledge.md?lang=en"]);
        var markdown = read.GetProperty("contents")[0].GetProperty("text").GetString()!;
        Assert.StartsWith("# 📚 KNOWLEDGE BASE: Дмитрий", markdown, StringComparison.Ordinal);
        Assert.Contains("Circuit breakers need a half-open probe", markdown, StringComparison.Ordinal);

        // Prompts: start_task carries the context pack, retrospective the report schema.
        var prompts = (await run("prompts/list", [])).GetProperty("prompts").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order(StringComparer.Ordinal);
        Assert.Equal(["retrospective", "start_task"], prompts);
        var start = await run("prompts/get", ["--prompt-name", "start_task", "--prompt-args", "task=ключи идемпотентности", "experts=dmitriy"]);
        Assert.Contains($"`{found[0].GetProperty("itemId").GetString()}`", start.GetProperty("messages")[0].GetProperty("content").GetProperty("text").GetString(), StringComparison.Ordinal);
        var retro = await run("prompts/get", ["--prompt-name", "retrospective"]);
        Assert.Contains("\"practicesApplied\"", retro.GetProperty("messages")[0].GetProperty("content").GetProperty("text").GetString(), StringComparison.Ordinal);

        // A wrong argument is refused with an error naming it.
        var refused = await run("tools/call", ["--tool-name", "search_knowledge", "--tool-arg", "query=x", "sections=[1,2]"]);
        Assert.True(refused.GetProperty("isError").GetBoolean());
        Assert.EndsWith("(field: sections)", Text(refused), StringComparison.Ordinal);
    }

    private static async Task<string> CallAsync(Func<string, string[], Task<JsonElement>> run, string tool, string[] args)
    {
        var result = await run("tools/call", ["--tool-name", tool, .. args.Length == 0 ? Array.Empty<string>() : ["--tool-arg", .. args]]);
        Assert.False(result.TryGetProperty("isError", out var error) && error.GetBoolean(), $"{tool}: {Text(result)}");
        return Text(result);
    }

    private static string Text(JsonElement result) =>
        string.Concat(result.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("text").GetString()));

    /// <summary>The inspector installed in <c>.ci/clients</c> (<see cref="NpmClients"/>).</summary>
    private sealed class Inspector(string bin)
    {
        public static async Task<Inspector> RequireAsync() => new(await NpmClients.RequireAsync("mcp-inspector"));

        /// <summary>Runs <c>mcp-inspector --cli ARGS</c> and returns the JSON it printed first (a result, or an error object).</summary>
        public async Task<JsonElement> RunAsync(string[] args)
        {
            var (_, output) = await ExternalPrograms.ExecAsync(bin, ["--cli", .. args], Repo.Root);
            // The result is one JSON value; notes (schema portability, an error line) may follow it.
            var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(output), new JsonReaderOptions { AllowTrailingCommas = false });
            try
            {
                return JsonElement.ParseValue(ref reader);
            }
            catch (JsonException)
            {
                throw new Xunit.Sdk.XunitException("The inspector printed no JSON: " + output);
            }
        }
    }
}
