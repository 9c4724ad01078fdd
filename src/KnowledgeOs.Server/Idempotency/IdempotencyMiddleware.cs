using System.Security.Cryptography;
using System.Text;
using KnowledgeOs.Server.Auth;
using KnowledgeOs.Server.Problems;

namespace KnowledgeOs.Server.Idempotency;

/// <summary>Marks a write endpoint that honours the <c>Idempotency-Key</c> header.</summary>
/// <param name="ByCommit">The endpoint's write is one commit that records the key itself (<see cref="CallerIdempotencyKey"/>): no stored response.</param>
public sealed record IdempotentWrite(bool ByCommit)
{
    /// <summary>A write whose response is stored and replayed.</summary>
    public static IdempotentWrite Instance { get; } = new(false);

    /// <summary>A write whose commit records the key (<see cref="Commit.CallerKey"/>).</summary>
    public static IdempotentWrite InCommit { get; } = new(true);
}

/// <summary>The caller's <c>Idempotency-Key</c>, scoped by the caller, for the endpoint's commit to record (<see cref="Commit.CallerKey"/>).</summary>
/// <param name="Key">The scoped key, as the store keeps it.</param>
public sealed record CallerIdempotencyKey(string Key)
{
    /// <summary>The key a request names, or null without one.</summary>
    public static string? Of(HttpContext context) => context.Features.Get<CallerIdempotencyKey>()?.Key;

    /// <summary>Tells the client that this answer is the first request's, given again (the header a stored-response replay also sends).</summary>
    public static void MarkReplayed(HttpResponse response) => response.Headers["Idempotent-Replayed"] = "true";
}

/// <summary>Endpoint convention for idempotent writes.</summary>
public static class IdempotencyConventions
{
    /// <summary>Honours <c>Idempotency-Key</c> on this endpoint.</summary>
    public static TBuilder WithIdempotencyKey<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(IdempotentWrite.Instance);

    /// <summary>Honours <c>Idempotency-Key</c> on this endpoint by recording it with the endpoint's one commit.</summary>
    public static TBuilder WithIdempotencyKeyInCommit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(IdempotentWrite.InCommit);
}

/// <summary>
/// <c>Idempotency-Key</c>: the first request with a key runs and its response is stored; a repeat with the same
/// request gets the stored response (<c>Idempotent-Replayed: true</c>), a repeat with a different request is refused
/// with 409 naming the key and never applied (the store's answer to a reused key, <see cref="ConflictException.IdempotencyKeyReused"/>),
/// a repeat while the first still runs gets 409 with <c>Retry-After</c>.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IdempotencyStore store, KosServerOptions options, ILogger<IdempotencyMiddleware> log)
{
    /// <summary>The request header.</summary>
    public const string Header = "Idempotency-Key";

    /// <summary>Handles one request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var key = context.Request.Headers[Header].ToString();
        var write = context.GetEndpoint()?.Metadata.GetMetadata<IdempotentWrite>();
        if (key.Length == 0 || write is null)
        {
            await next(context);
            return;
        }
        if (key.Length > 255 || key.Any(c => c < 0x21 || c > 0x7e))
        {
            await ProblemWriter.WriteAsync(context, 400, "Invalid request", "Idempotency-Key must be 1–255 visible ASCII characters.", Header);
            return;
        }
        var ct = context.RequestAborted;
        var team = context.Request.RouteValues["team"] as string ?? "";
        var client = (context.Features.Get<Caller>() ?? Caller.Local).Client;
        if (write.ByCommit)
        {
            await RunInCommitAsync(context, team, client, key);
            return;
        }
        var hash = await RequestHashAsync(context.Request, ct);
        var (outcome, stored) = await store.ClaimAsync(team, client, key, hash, ct);
        switch (outcome)
        {
            case ClaimOutcome.Replay:
                await ReplayAsync(context, stored!, ct);
                return;
            case ClaimOutcome.Mismatch:
                await KeyReusedAsync(context, team, key);
                return;
            case ClaimOutcome.InProgress:
                context.Response.Headers.RetryAfter = "1";
                await ProblemWriter.WriteAsync(context, StatusCodes.Status409Conflict, "Request in progress",
                    "A request with this Idempotency-Key is still running; retry shortly to get its result.", Header);
                return;
        }

        try
        {
            await RunClaimedAsync(context, team, client, key, ct);
        }
        finally
        {
            store.Finished(team, client, key);
        }
    }

    /// <summary>
    /// The endpoint records the key with its commit, scoped by the caller (<c>http:&lt;client&gt;:&lt;key&gt;</c>), so the store
    /// answers a repeat (the endpoint answers as the first time, marked replayed) and refuses another request under it.
    /// </summary>
    private async Task RunInCommitAsync(HttpContext context, string team, string client, string key)
    {
        var scoped = $"http:{client}:{key}";
        context.Features.Set(new CallerIdempotencyKey(scoped));
        try
        {
            await next(context);
        }
        catch (ConflictException reused) when (reused.Code == ErrorCodes.IdempotencyKeyReused && reused.Args[0] == scoped && !context.Response.HasStarted)
        {
            await KeyReusedAsync(context, team, key);
        }
    }

    /// <summary>The one answer to "same key, other request", naming the key as the client sent it.</summary>
    private static Task KeyReusedAsync(HttpContext context, string team, string key) =>
        ProblemWriter.WriteAsync(context, StatusCodes.Status409Conflict, "Conflict",
            ConflictException.IdempotencyKeyReused(team, key).Message + " Use a new key for a new request.", Header);

    private async Task RunClaimedAsync(HttpContext context, string team, string client, string key, CancellationToken ct)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var completed = false;
        using var renewing = new CancellationTokenSource();
        var renewal = RenewWhileRunningAsync(team, client, key, renewing.Token);
        try
        {
            await next(context);
            completed = true;
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
            context.Response.Body = original;
            var status = context.Response.StatusCode;
            // Server-side failures and throttling are not the request's answer: free the key so a retry can run.
            if (completed && status < 500 && status != StatusCodes.Status429TooManyRequests)
            {
                var response = new StoredResponse(status, context.Response.ContentType, context.Response.Headers.ETag.ToString() is { Length: > 0 } e ? e : null,
                    context.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null, buffer.ToArray());
                await store.CompleteAsync(team, client, key, response, CancellationToken.None);
            }
            else
            {
                await store.ReleaseAsync(team, client, key, CancellationToken.None);
                log.LogInformation("Released idempotency key after status {Status}", status);
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, ct);
    }

    /// <summary>Keeps the claim's lease fresh while the request runs, so other servers do not take a slow request for a dead one.</summary>
    private async Task RenewWhileRunningAsync(string team, string client, string key, CancellationToken ct)
    {
        try
        {
            using var timer = new PeriodicTimer(options.IdempotencyLease / 3, options.Time);
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    await store.RenewAsync(team, client, key, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The next tick tries again; a lease that lapses meanwhile only lets a retry run early, which the domain tolerates.
                    log.LogWarning(ex, "Could not renew an idempotency claim");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task ReplayAsync(HttpContext context, StoredResponse stored, CancellationToken ct)
    {
        context.Response.StatusCode = stored.Status;
        if (stored.ContentType is not null) context.Response.ContentType = stored.ContentType;
        if (stored.ETag is not null) context.Response.Headers.ETag = stored.ETag;
        if (stored.Location is not null) context.Response.Headers.Location = stored.Location;
        CallerIdempotencyKey.MarkReplayed(context.Response);
        context.Response.ContentLength = stored.Body.Length;
        await context.Response.Body.WriteAsync(stored.Body, ct);
    }

    /// <summary>What makes two requests "the same": method, path and query, <c>If-Match</c>, and the body (for a
    /// multipart form its fields and files, since clients pick a new boundary every time).</summary>
    private static async Task<string> RequestHashAsync(HttpRequest request, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\nIf-Match: {request.Headers.IfMatch}\n"));
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(ct);
            }
            catch (InvalidDataException ex)
            {
                // As the endpoint's own form binding reports it: a form over the reader's limits is too large (413).
                throw new BadHttpRequestException("The form exceeds a limit of the form reader.", StatusCodes.Status413PayloadTooLarge, ex);
            }
            foreach (var field in form.OrderBy(f => f.Key, StringComparer.Ordinal))
                sha.AppendData(Encoding.UTF8.GetBytes($"field {field.Key}={field.Value}\n"));
            foreach (var file in form.Files)
            {
                sha.AppendData(Encoding.UTF8.GetBytes($"file {file.Name} {file.FileName} {file.Length}\n"));
                await using var content = file.OpenReadStream();
                sha.AppendData(await ReadAllAsync(content, ct));
            }
        }
        else
        {
            // Read from the connection once, into memory: hashed here, and the endpoint reads the same bytes (a report's
            // handler takes the buffer as it is, see ReportsApi.Learn) instead of a buffered copy read again.
            var body = new MemoryStream();
            request.HttpContext.Response.RegisterForDispose(body);
            await request.Body.CopyToAsync(body, ct);
            sha.AppendData(body.GetBuffer(), 0, (int)body.Length);
            body.Position = 0;
            request.Body = body;
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken ct)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, ct);
        return copy.ToArray();
    }
}
