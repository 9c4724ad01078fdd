using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KnowledgeOs.Bench;

/// <summary>
/// Ollama's <c>POST /api/embed</c> served by the bench itself on loopback (Kestrel), with the vectors a function gives:
/// a real HTTP endpoint for the real embedding stack, at no model's cost.
/// </summary>
public sealed class LoopbackEndpoint(WebApplication app, Uri address) : IAsyncDisposable
{
    /// <summary>The base address (<c>http://127.0.0.1:port/</c>).</summary>
    public Uri Address => address;

    /// <summary>Starts the endpoint on a free loopback port, each input embedded by <paramref name="embed"/>.</summary>
    public static async Task<LoopbackEndpoint> StartAsync(Func<string, float[]> embed)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/api/embed", async (HttpContext http) =>
        {
            var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            var inputs = body!["input"] is JsonArray array ? array.Select(n => n!.GetValue<string>()).ToList() : [body["input"]!.GetValue<string>()];
            var embeddings = new JsonArray([.. inputs.Select(t => (JsonNode)new JsonArray([.. embed(t).Select(v => (JsonNode)v)]))]);
            await http.Response.WriteAsJsonAsync(new JsonObject { ["model"] = "bench", ["embeddings"] = embeddings }, http.RequestAborted);
        });
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackEndpoint(app, new Uri(bound.TrimEnd('/') + "/"));
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => app.DisposeAsync();

    /// <summary>FNV-1a of a string into one of <paramref name="dimension"/> buckets: stable across processes, unlike string.GetHashCode.</summary>
    public static int Bucket(string text, int dimension)
    {
        var hash = 2166136261u;
        foreach (var c in text) hash = (hash ^ c) * 16777619u;
        return (int)(hash % (uint)dimension);
    }

    /// <summary>The vector scaled to length 1 (left as is when all zeros).</summary>
    public static float[] Normalize(float[] vector)
    {
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm > 0) for (var i = 0; i < vector.Length; i++) vector[i] /= norm;
        return vector;
    }
}
