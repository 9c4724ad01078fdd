using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KnowledgeOs.Tests.Cycle;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (a free port) that serves feeds and fails on purpose: 500s, 500 then 200,
/// slow headers, slow bodies, HTML, invalid XML, a 20 MB body, ETag/304. It counts the requests each path got and
/// the most requests in flight at once.
/// </summary>
internal sealed class LoopbackFeedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private int _inFlight;
    private int _maxInFlight;

    private LoopbackFeedServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public ConcurrentQueue<string?> IfNoneMatch { get; } = new();

    public int Hits(string path) => _hits.GetValueOrDefault(path);

    public string Url(string path) => BaseUrl + path;

    public static async Task<LoopbackFeedServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new LoopbackFeedServer(app);
        app.Use(async (ctx, next) =>
        {
            server._hits.AddOrUpdate(ctx.Request.Path.Value!, 1, (_, n) => n + 1);
            var now = Interlocked.Increment(ref server._inFlight);
            int seen;
            while (now > (seen = Volatile.Read(ref server._maxInFlight)) && Interlocked.CompareExchange(ref server._maxInFlight, now, seen) != seen) { }
            try
            {
                await next(ctx);
            }
            finally
            {
                Interlocked.Decrement(ref server._inFlight);
            }
        });
        app.MapGet("/rss.xml", (HttpContext c) => Xml(c, Feeds.Rss, "application/rss+xml"));
        app.MapGet("/atom.xml", (HttpContext c) => Xml(c, Feeds.Atom, "application/atom+xml"));
        app.MapGet("/feed.json", (HttpContext c) => Xml(c, Feeds.Json, "application/feed+json"));
        app.MapGet("/always-500.xml", (HttpContext c) => { c.Response.StatusCode = 500; return Task.CompletedTask; });
        app.MapGet("/flaky.xml", (HttpContext c) =>
        {
            if (server.Hits("/flaky.xml") % 2 == 1) { c.Response.StatusCode = 500; return Task.CompletedTask; }
            return Xml(c, Feeds.Rss2, "application/rss+xml");
        });
        app.MapGet("/recovering.xml", (HttpContext c) =>
        {
            // Fails the first six requests, then serves: enough to open a circuit, then to close it again.
            if (server.Hits("/recovering.xml") <= 6) { c.Response.StatusCode = 503; return Task.CompletedTask; }
            return Xml(c, Feeds.Rss, "application/rss+xml");
        });
        app.MapGet("/slow-headers.xml", async (HttpContext c) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), c.RequestAborted);
            await Xml(c, Feeds.Rss, "application/rss+xml");
        });
        app.MapGet("/slow-body.xml", async (HttpContext c) =>
        {
            c.Response.ContentType = "application/rss+xml";
            await c.Response.WriteAsync(Feeds.Rss[..40], c.RequestAborted);
            await c.Response.Body.FlushAsync(c.RequestAborted);
            await Task.Delay(TimeSpan.FromSeconds(10), c.RequestAborted);
            await c.Response.WriteAsync(Feeds.Rss[40..], c.RequestAborted);
        });
        app.MapGet("/slow-ok.xml", async (HttpContext c) =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(150), c.RequestAborted);
            await Xml(c, Feeds.Rss, "application/rss+xml");
        });
        app.MapGet("/html", (HttpContext c) => Xml(c, "<!DOCTYPE html><html><body><h1>Please log in</h1></body></html>", "text/html; charset=utf-8"));
        app.MapGet("/broken.xml", (HttpContext c) => Xml(c, "<rss version=\"2.0\"><channel><item><title>Unclosed</channel></rss>", "application/rss+xml"));
        app.MapGet("/huge.xml", async (HttpContext c) =>
        {
            // 20 MB, chunked (no Content-Length), so the limit must be enforced while reading.
            c.Response.ContentType = "application/rss+xml";
            var chunk = Encoding.UTF8.GetBytes(new string('x', 64 * 1024));
            await c.Response.WriteAsync("<rss><channel><title>", c.RequestAborted);
            for (var i = 0; i < 20 * 16; i++) await c.Response.Body.WriteAsync(chunk, c.RequestAborted);
        });
        app.MapGet("/huge-declared.xml", async (HttpContext c) =>
        {
            c.Response.ContentType = "application/rss+xml";
            c.Response.ContentLength = 20L * 1024 * 1024;
            await c.Response.Body.FlushAsync(c.RequestAborted);
            await Task.Delay(TimeSpan.FromSeconds(10), c.RequestAborted);
        });
        app.MapGet("/etag.xml", (HttpContext c) =>
        {
            server.IfNoneMatch.Enqueue(c.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } v ? v : null);
            if (c.Request.Headers.IfNoneMatch == "\"v1\"") { c.Response.StatusCode = 304; return Task.CompletedTask; }
            c.Response.Headers.ETag = "\"v1\"";
            c.Response.Headers.LastModified = "Mon, 02 Mar 2026 10:00:00 GMT";
            return Xml(c, Feeds.Rss, "application/rss+xml");
        });
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    private static Task Xml(HttpContext c, string body, string type)
    {
        c.Response.ContentType = type;
        return c.Response.WriteAsync(body, c.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3)))
            await _app.StopAsync(stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _app.DisposeAsync();
    }
}

/// <summary>Feed documents the loopback server serves.</summary>
internal static class Feeds
{
    public const string Rss = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Backend practices</title>
          <item><title>Idempotency keys stored with the payment</title><link>https://example.test/idem</link><guid>idem-1</guid>
            <description>Store the key in the same transaction as the payment.</description><category>idempotency</category></item>
          <item><title>Kafka consumer lag per partition</title><link>https://example.test/lag</link><guid>lag-1</guid><category>kafka</category></item>
          <item><title>Idempotency keys stored with the payment</title><link>https://example.test/idem</link><guid>idem-1</guid><category>idempotency</category></item>
        </channel></rss>
        """;

    public const string Rss2 = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Flaky</title>
          <item><title>Retry with exponential backoff and jitter</title><link>https://example.test/retry</link><category>api</category></item>
        </channel></rss>
        """;

    public const string Atom = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom"><title>Ops</title>
          <entry><id>urn:bg</id><title>Blue-green deploys without downtime</title><link href="https://example.test/bg"/>
            <summary>Switch traffic only after health checks pass.</summary><category term="kubernetes"/></entry>
        </feed>
        """;

    public const string Json = """
        { "version": "https://jsonfeed.org/version/1.1", "title": "QA",
          "items": [ { "id": "k6", "url": "https://example.test/k6", "title": "k6 thresholds fail the CI job", "tags": ["k6"] } ] }
        """;
}
