using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using KnowledgeOs.Server.Auth;

namespace KnowledgeOs.Server.Dashboard;

/// <summary>
/// The dashboard's stylesheet and script, embedded in the assembly and served as files: the CSP forbids inline code,
/// and nothing is built or downloaded. Each address carries a hash of its content, so a browser may keep it for good.
/// </summary>
public static class DashboardAssets
{
    private sealed record Asset(byte[] Bytes, string ContentType);

    private static readonly FrozenDictionary<string, Asset> ByName = Load();

    /// <summary>The stylesheet's address.</summary>
    public static string Css { get; } = Address("dashboard.css");

    /// <summary>The icon's address (without one a browser asks for /favicon.ico and logs the 404).</summary>
    public static string Icon { get; } = Address("icon.svg");

    /// <summary>The script's address.</summary>
    public static string Script { get; } = Address("dashboard.js");

    /// <summary>Maps <c>GET /ui/assets/{name}</c> (public: the files hold no data).</summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/ui/assets/{name}", Serve).ExcludeFromDescription().AllowAnonymous();

    private static IResult Serve(string name, HttpContext http)
    {
        if (!ByName.TryGetValue(name, out var asset)) return TypedResults.NotFound();
        HtmlPage.SecureHeaders(http.Response, "default-src 'none'");
        // The address changes with the content (?v=hash), so the file never goes stale.
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return TypedResults.Bytes(asset.Bytes, asset.ContentType);
    }

    private static string Address(string name) =>
        $"/ui/assets/{name}?v={Convert.ToHexStringLower(SHA256.HashData(ByName[name].Bytes))[..12]}";

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        const string Prefix = "dashboard/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(n => n[Prefix.Length..], n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                var type = Path.GetExtension(n) switch
                {
                    ".css" => "text/css; charset=utf-8",
                    ".svg" => "image/svg+xml",
                    _ => "text/javascript; charset=utf-8",
                };
                return new Asset(copy.ToArray(), type);
            }, StringComparer.Ordinal);
    }
}
