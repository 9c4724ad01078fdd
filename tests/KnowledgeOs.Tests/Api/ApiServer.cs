using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KnowledgeOs.Hosting;
using KnowledgeOs.Server;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeOs.Tests.Api;

/// <summary>A real <c>kos serve</c> (Kestrel on a free loopback port) over a real SQLite file in a temp folder.</summary>
public sealed class ApiServer : IAsyncDisposable
{
    private readonly TempFolder? _folder;

    private ApiServer(WebApplication app, Uri address, string dataPath, TempFolder? folder)
    {
        App = app;
        Address = address;
        DataPath = dataPath;
        _folder = folder;
        Client = NewClient();
    }

    /// <summary>The running application.</summary>
    public WebApplication App { get; }

    /// <summary>Base address (<c>http://127.0.0.1:port/</c>).</summary>
    public Uri Address { get; }

    /// <summary>The database file.</summary>
    public string DataPath { get; }

    /// <summary>A client without a key.</summary>
    public HttpClient Client { get; }

    /// <summary>The server's key store (to create keys as <c>kos keys create</c> does).</summary>
    public ApiKeyStore Keys => App.Services.GetRequiredService<ApiKeyStore>();

    /// <summary>Starts a server on a fresh database; <paramref name="keys"/> are created before it starts.</summary>
    public static Task<(ApiServer Server, IReadOnlyList<string> Secrets)> StartWithKeysAsync(
        params (string Team, string Scopes)[] keys) => StartWithKeysAsync(o => o, keys);

    /// <summary>Starts a server with tuned options on a fresh database; <paramref name="keys"/> are created before it starts.</summary>
    public static Task<(ApiServer Server, IReadOnlyList<string> Secrets)> StartWithKeysAsync(
        Func<KosServerOptions, KosServerOptions> tune, params (string Team, string Scopes)[] keys) => StartWithKeysAsync(tune, null, keys);

    /// <summary>Starts a server as above whose services <paramref name="configure"/> may change.</summary>
    public static async Task<(ApiServer Server, IReadOnlyList<string> Secrets)> StartWithKeysAsync(
        Func<KosServerOptions, KosServerOptions> tune, Action<WebApplicationBuilder>? configure, params (string Team, string Scopes)[] keys)
    {
        var folder = new TempFolder();
        var path = folder.File("kos.db");
        await (await SqliteEventStore.OpenAsync(path, TimeProvider.System, default)).DisposeAsync();
        var store = await ApiKeyStore.OpenAsync(path, TimeProvider.System, default);
        var secrets = new List<string>();
        foreach (var (team, scopes) in keys)
            secrets.Add((await store.CreateAsync(team, $"{team}-{scopes.Replace(',', '-')}", ApiKeyScopes.Parse(scopes), default)).Secret);
        return (await StartAsync(tune(Options(path)), folder, configure), secrets);
    }

    /// <summary>Starts a server on a fresh database with no keys (authentication off, loopback only).</summary>
    public static Task<ApiServer> StartAsync(Func<KosServerOptions, KosServerOptions>? tune = null)
    {
        var folder = new TempFolder();
        var options = Options(folder.File("kos.db"));
        return StartAsync(tune is null ? options : tune(options), folder);
    }

    /// <summary>Starts a server with the given options; the folder (if any) is deleted at dispose; <paramref name="configure"/> may change the services.</summary>
    public static async Task<ApiServer> StartAsync(KosServerOptions options, TempFolder? folder = null, Action<WebApplicationBuilder>? configure = null)
    {
        var app = await KosServer.BuildAsync(options, default, configure);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ApiServer(app, new Uri(address.TrimEnd('/') + "/"), options.DataPath, folder);
    }

    /// <summary>Options for tests: a free loopback port, keys checked on every request, short feed polls, no learning cycle.</summary>
    public static KosServerOptions Options(string dataPath) => new()
    {
        DataPath = dataPath,
        Urls = ["http://127.0.0.1:0"],
        KeyCacheTime = TimeSpan.Zero,
        FeedPollInterval = TimeSpan.FromMilliseconds(50),
        ShutdownTimeout = TimeSpan.FromSeconds(10),
        // The background learning cycle writes level events; API tests that count events turn it off (CycleInServerTests turns it on).
        RunCycle = false,
    };

    /// <summary>A new client, with a key when given.</summary>
    public HttpClient NewClient(string? key = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _folder?.Dispose();
    }
}

/// <summary>Request helpers.</summary>
public static class Http
{
    /// <summary>JSON body.</summary>
    public static StringContent Json(object value) =>
        new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    /// <summary>Raw JSON text body.</summary>
    public static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    /// <summary>The parsed body.</summary>
    public static async Task<JsonElement> BodyAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>Asserts a status and an RFC 9457 body, and returns the problem.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, int status, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("title", out _));
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        if (field is not null) Assert.Equal(field, problem.GetProperty("field").GetString());
        return problem;
    }

    /// <summary>A native report with one participant.</summary>
    public static object Report(string taskId, string expert, params string[] knowledge) => new
    {
        taskId,
        title = $"Task {taskId}",
        completedAt = "2026-03-03T17:40:00Z",
        outcome = "success",
        participants = new[] { new { expert, newKnowledge = knowledge } },
    };

    /// <summary>An onboarding body.</summary>
    public static object Expert(string slug, string name = "Игорь", string role = "Backend Developer") =>
        new { slug, displayName = name, role, project = "Orbit", tags = new[] { "python" } };

    /// <summary>Onboards an expert and asserts it worked.</summary>
    public static async Task OnboardAsync(this HttpClient client, string team, string slug)
    {
        using var response = await client.PostAsync($"api/v1/teams/{team}/experts", Json(Expert(slug)));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts a report and asserts it worked.</summary>
    public static async Task<JsonElement> LearnAsync(this HttpClient client, string team, object report, bool onboard = false)
    {
        using var response = await client.PostAsync($"api/v1/teams/{team}/reports{(onboard ? "?onboard=true" : "")}", Json(report));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.BodyAsync();
    }

    /// <summary>GET as JSON, asserting success.</summary>
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.BodyAsync();
    }

    /// <summary>GET every page of a list, following <c>next</c> until it is null; the items in order.</summary>
    public static async Task<List<JsonElement>> GetAllAsync(this HttpClient client, string path)
    {
        var items = new List<JsonElement>();
        for (string? next = path; next is not null;)
        {
            var page = await client.GetJsonAsync(next);
            items.AddRange(page.GetProperty("items").EnumerateArray());
            next = page.GetProperty("next").GetString();
        }
        return items;
    }

    /// <summary>The position of the team's newest event (0 when there is none), read from the events list.</summary>
    public static async Task<long> HeadPositionAsync(this HttpClient client, string team)
    {
        var events = await client.GetAllAsync($"api/v1/teams/{team}/events?limit=500");
        return events.Count == 0 ? 0 : events[^1].GetProperty("position").GetInt64();
    }
}
