using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using KnowledgeOs.Retrieval;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KnowledgeOs.Tests.Support;

/// <summary>
/// A real embedding endpoint on loopback (Kestrel), speaking Ollama's <c>POST /api/embed</c> and OpenAI's
/// <c>POST /v1/embeddings</c>. Its vectors are deterministic: the text's analyzed terms, each first mapped through a
/// small RU→EN dictionary (so "идемпотентность" and "idempotency" are one dimension), hashed into
/// <see cref="Dimension"/> buckets and normalized — related texts are near, unrelated ones orthogonal.
/// It can be switched off (503 for everything) or made to fail the next few requests.
/// </summary>
public sealed class LoopbackEmbedder : IAsyncDisposable
{
    /// <summary>Components per vector.</summary>
    public const int Dimension = 512;

    // Word pairs the fake "model" treats as one meaning, as a multilingual model would.
    private static readonly (string Ru, string En)[] Dictionary =
    [
        ("идемпотентность", "idempotency"), ("ключ", "key"), ("повтор", "retry"), ("задержка", "latency"),
        ("индекс", "index"), ("списание", "charge"), ("тест", "test"), ("база", "database"), ("профилирование", "profiling"),
    ];

    private static readonly Dictionary<string, string> Synonyms = Build();
    private readonly WebApplication _app;
    private int _failNext;
    private int _requests;
    private int _texts;

    private LoopbackEmbedder(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The base address (<c>http://127.0.0.1:port/</c>).</summary>
    public Uri Address { get; }

    /// <summary>The provider setting for Ollama's wire format.</summary>
    public string Ollama => $"ollama:fake-embed@{Address}";

    /// <summary>The provider setting for OpenAI's wire format.</summary>
    public string OpenAi => $"openai:fake-embed@{Address}v1";

    /// <summary>When true, every request gets 503 (the provider is down).</summary>
    public bool Down { get; set; }

    /// <summary>Requests received, failed ones included.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Texts embedded (in successful requests).</summary>
    public int Texts => Volatile.Read(ref _texts);

    /// <summary>The next <paramref name="count"/> requests get 503, then it answers again.</summary>
    public void FailNext(int count) => Volatile.Write(ref _failNext, count);

    /// <summary>Starts the endpoint on a free loopback port.</summary>
    public static async Task<LoopbackEmbedder> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        LoopbackEmbedder? self = null;
        app.MapPost("/api/embed", (Delegate)(async (HttpContext http) => await self!.OllamaAsync(http)));
        app.MapPost("/v1/embeddings", (Delegate)(async (HttpContext http) => await self!.OpenAiAsync(http)));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new LoopbackEmbedder(app, new Uri(address.TrimEnd('/') + "/"));
        return self;
    }

    /// <summary>The vector this endpoint gives a text.</summary>
    public static float[] Embed(string text)
    {
        var vector = new float[Dimension];
        foreach (var term in TextAnalyzer.Terms(text))
        {
            var meaning = Synonyms.GetValueOrDefault(term, term);
            vector[Bucket(meaning)] += 1;
        }
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm > 0) for (var i = 0; i < vector.Length; i++) vector[i] /= norm;
        return vector;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult?> RefuseAsync(HttpContext http)
    {
        Interlocked.Increment(ref _requests);
        if (Down || Interlocked.Decrement(ref _failNext) >= 0)
        {
            http.Response.StatusCode = (int)HttpStatusCode.ServiceUnavailable;
            await http.Response.WriteAsync("model is loading", http.RequestAborted);
            return Results.Empty;
        }
        return null;
    }

    private async Task OllamaAsync(HttpContext http)
    {
        if (await RefuseAsync(http) is not null) return;
        var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        var inputs = Inputs(body!["input"]);
        Interlocked.Add(ref _texts, inputs.Count);
        var embeddings = new JsonArray([.. inputs.Select(t => (JsonNode)new JsonArray([.. Embed(t).Select(v => (JsonNode)v)]))]);
        await http.Response.WriteAsJsonAsync(new JsonObject
        {
            ["model"] = body["model"]!.GetValue<string>(),
            ["embeddings"] = embeddings,
            ["total_duration"] = 1000,
            ["load_duration"] = 10,
            ["prompt_eval_count"] = inputs.Sum(t => t.Length),
        }, http.RequestAborted);
    }

    private async Task OpenAiAsync(HttpContext http)
    {
        if (await RefuseAsync(http) is not null) return;
        var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        var inputs = Inputs(body!["input"]);
        Interlocked.Add(ref _texts, inputs.Count);
        var base64 = body["encoding_format"]?.GetValue<string>() == "base64";
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = Embed(inputs[i]);
            JsonNode embedding = base64
                ? Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan()))
                : new JsonArray([.. vector.Select(v => (JsonNode)v)]);
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }
        var tokens = inputs.Sum(t => t.Length);
        await http.Response.WriteAsJsonAsync(new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = body["model"]!.GetValue<string>(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        }, http.RequestAborted);
    }

    private static List<string> Inputs(JsonNode? input) => input switch
    {
        JsonArray array => [.. array.Select(n => n!.GetValue<string>())],
        JsonValue value when value.GetValueKind() == JsonValueKind.String => [value.GetValue<string>()],
        _ => throw new BadHttpRequestException("input must be a string or an array of strings"),
    };

    private static int Bucket(string term)
    {
        // FNV-1a: stable across processes, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var c in term) hash = (hash ^ c) * 16777619u;
        return (int)(hash % Dimension);
    }

    private static Dictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (ru, en) in Dictionary)
        {
            var meaning = TextAnalyzer.Terms(en)[0];
            foreach (var term in TextAnalyzer.Terms(ru)) map[term] = meaning;
        }
        return map;
    }
}
