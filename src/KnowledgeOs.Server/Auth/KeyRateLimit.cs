using KnowledgeOs.Server.Problems;

namespace KnowledgeOs.Server.Auth;

/// <summary>
/// Each API key may make <see cref="KosServerOptions.RateLimitPerSecond"/> requests a second on average and
/// <see cref="KosServerOptions.RateLimitBurst"/> at once; one more is answered 429 with <c>Retry-After: 1</c>. The keyless
/// local caller (loopback, authentication off) has no limit. Not ASP.NET's rate limiting middleware: it and each
/// <c>PartitionedRateLimiter.Create</c> run a 100 ms heartbeat that wakes an idle server ten times a second.
/// </summary>
public static class KeyRateLimit
{
    /// <summary>Keys the buckets are kept for at most; more than a server has, fewer than a flood of made-up ids could fill.</summary>
    public const int MaxKeys = 10_000;

    /// <summary>Limits keyed requests from here on in the pipeline.</summary>
    public static IApplicationBuilder UseKeyRateLimit(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<KosServerOptions>();
        var buckets = new TokenBuckets<string>(options.RateLimitBurst, options.RateLimitPerSecond, TimeSpan.FromSeconds(1), MaxKeys, options.Time);
        var detail = $"This key may make {options.RateLimitPerSecond} requests per second; retry after a second.";
        return app.Use((context, next) =>
            context.Features.Get<Caller>()?.Key is not { } key || buckets.TryAcquire(key.Id) ? next(context) : RefuseAsync(context, detail));
    }

    private static Task RefuseAsync(HttpContext context, string detail)
    {
        context.Response.Headers.RetryAfter = "1";
        return ProblemWriter.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests", detail, null);
    }
}
