using KnowledgeOs.Server.Auth;
using KnowledgeOs.Server.Problems;

namespace KnowledgeOs.Server.Idempotency;

/// <summary>Marks a write endpoint that honours the <c>Idempotency-Key</c> header: its write records the key (<see cref="CallerIdempotencyKey"/>).</summary>
public sealed class IdempotentWrite
{
    /// <summary>The one instance.</summary>
    public static IdempotentWrite Instance { get; } = new();
}

/// <summary>The caller's <c>Idempotency-Key</c>, scoped by the caller, for the endpoint's commit to record (<see cref="Commit.CallerKey"/>).</summary>
/// <param name="Key">The scoped key, as the store keeps it.</param>
public sealed record CallerIdempotencyKey(string Key)
{
    /// <summary>The key a request names, or null without one.</summary>
    public static string? Of(HttpContext context) => context.Features.Get<CallerIdempotencyKey>()?.Key;

    /// <summary>Tells the client that this answer is the first request's, given again.</summary>
    public static void MarkReplayed(HttpResponse response) => response.Headers["Idempotent-Replayed"] = "true";
}

/// <summary>Endpoint convention for idempotent writes.</summary>
public static class IdempotencyConventions
{
    /// <summary>Honours <c>Idempotency-Key</c> on this endpoint: the endpoint passes <see cref="CallerIdempotencyKey.Of"/> to its write.</summary>
    public static TBuilder WithIdempotencyKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(IdempotentWrite.Instance);
}

/// <summary>
/// <c>Idempotency-Key</c>, one mechanism: the key, scoped by the caller (<c>http:&lt;client&gt;:&lt;key&gt;</c>), is the
/// caller key of the commit the request makes, checked and recorded by the store in that commit's transaction
/// (<see cref="Commit.CallerKey"/>). The same request again, on any server of the database and after a restart, writes
/// nothing and is answered as the first was (the endpoint marks it <c>Idempotent-Replayed: true</c>); a repeat racing
/// the first is a second commit under the same key, which the store answers the same way; another request under the
/// key is refused with the store's one answer (<see cref="ConflictException.IdempotencyKeyReused"/>), 409 naming the
/// key as the client sent it. This middleware only checks the header and hands the scoped key to the endpoint.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    /// <summary>The request header.</summary>
    public const string Header = "Idempotency-Key";

    /// <summary>Handles one request.</summary>
    /// <remarks>Without the header, or on an endpoint that does not honour it, the next step's task is returned: no async state kept.</remarks>
    public Task InvokeAsync(HttpContext context)
    {
        var key = context.Request.Headers[Header].ToString();
        return key.Length == 0 || context.GetEndpoint()?.Metadata.GetMetadata<IdempotentWrite>() is null ? next(context) : WithKeyAsync(context, key);
    }

    private async Task WithKeyAsync(HttpContext context, string key)
    {
        if (key.Length > 255 || key.Any(c => c < 0x21 || c > 0x7e))
        {
            await ProblemWriter.WriteAsync(context, 400, "Invalid request", "Idempotency-Key must be 1–255 visible ASCII characters.", Header);
            return;
        }
        var team = context.Request.RouteValues["team"] as string ?? "";
        var scoped = $"http:{(context.Features.Get<Caller>() ?? Caller.Local).Client}:{key}";
        context.Features.Set(new CallerIdempotencyKey(scoped));
        try
        {
            await next(context);
        }
        // The key itself, or one of an import's per-file keys (<c>&lt;key&gt;#n</c>).
        catch (ConflictException reused) when (reused.Code == ErrorCodes.IdempotencyKeyReused && !context.Response.HasStarted
            && (reused.Args[0] == scoped || reused.Args[0].StartsWith(scoped + "#", StringComparison.Ordinal)))
        {
            await ProblemWriter.WriteAsync(context, StatusCodes.Status409Conflict, "Conflict",
                ConflictException.IdempotencyKeyReused(team, key).Message + " Use a new key for a new request.", Header);
        }
    }
}
