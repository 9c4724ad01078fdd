using System.Net;
using System.Net.Http.Headers;
using KnowledgeOs.Postgres;
using KnowledgeOs.Server.Auth;
using KnowledgeOs.Server.Idempotency;

namespace KnowledgeOs.Server.Hosting;

/// <summary>
/// On PostgreSQL with <c>--advertise-url</c>: a team write (an endpoint marked <see cref="IdempotentWrite"/>) whose lock
/// group another live server holds is sent to that server and its answer returned unchanged, instead of asking for the
/// lease (docs/OPERATIONS.md, "Forwarding writes to the lease holder"). The forwarded request carries
/// <see cref="Header"/> (<c>1</c>), so its receiver writes it itself (taking the lease as always if it no longer holds
/// it) — unless the receiver is handing that lease over to another server, where it would queue behind the new holder
/// and ask for the lease back: it then goes on to the new holder (<c>2</c>), and a request marked <c>2</c> is never
/// forwarded again. Routing only: the lease in the database keeps the write safe. A holder that cannot be reached
/// (refused, reset or silent before its answer) is forgotten and the write made here, the body read again from its buffer:
/// the holder may have applied it, which a replay with the same task id or <c>Idempotency-Key</c> finds and does not repeat.
/// Reads and the change feed are never forwarded.
/// </summary>
public sealed class WriteForwarding(PostgresEventStore store, ILogger<WriteForwarding> log) : IMiddleware, IDisposable
{
    /// <summary>Marks a request forwarded by another server (its hops, 1 or 2): written here, except from a lease being handed over.</summary>
    public const string Header = "Kos-Forwarded";

    /// <summary>Longest wait for the holder's answer before the write is made here instead.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(30);

    // Headers of one connection, not of the request or the answer (RFC 9110 7.6.1), and the length the client recomputes.
    // Host goes on as the client sent it: the holder checks the local caller's host (AccessRequirementHandler), not this server.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Content-Length",
    };

    // One pool of connections to the other servers, bounded; no retries, no redirects, no cookies, bodies streamed.
    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(2),
        MaxConnectionsPerServer = 256,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
    });

    /// <inheritdoc/>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (await HolderAsync(context) is { } holder)
        {
            context.Request.EnableBuffering();
            if (await ForwardedAsync(context, holder)) return;
            context.Request.Body.Position = 0;
        }
        await next(context);
    }

    /// <summary>The holder to forward this request to, or null to handle it here.</summary>
    /// <remarks>
    /// Runs after authentication, before authorization and the key's rate limit: only a caller authenticated here (a valid
    /// key, or the local caller) is forwarded, and a key only to its own team's address, so a missing or wrong key, an
    /// address throttled for guessing and another team's address are answered here as before. The holder runs the rest
    /// again on the same headers (Host among them): the key's scope, the local caller's host and origin, the key's limit.
    /// </remarks>
    private ValueTask<string?> HolderAsync(HttpContext context)
    {
        var request = context.Request;
        var hops = request.Headers[Header];
        if ((hops.Count > 0 && hops != "1") || context.GetEndpoint()?.Metadata.GetMetadata<IdempotentWrite>() is null
            || request.RouteValues["team"] is not string team || context.Features.Get<Caller>() is not { } caller
            || (caller.Key is { } key && !string.Equals(key.Team, team, StringComparison.Ordinal)))
            return ValueTask.FromResult<string?>(null);
        return store.LeaseHolderAsync(team, request.RouteValues["slug"] as string, forwarded: hops.Count > 0, context.RequestAborted);
    }

    /// <summary>Sends the request to <paramref name="holder"/> and copies its answer; false when no answer came.</summary>
    private async Task<bool> ForwardedAsync(HttpContext context, string holder)
    {
        var request = context.Request;
        using var message = new HttpRequestMessage(HttpMethod.Parse(request.Method), holder.TrimEnd('/') + request.PathBase + request.Path + request.QueryString)
        {
            Content = new BufferedBody(request.Body, request.ContentLength),
        };
        foreach (var (name, values) in request.Headers)
        {
            if (NotForwarded.Contains(name) || name.Equals(Header, StringComparison.OrdinalIgnoreCase)) continue;
            // One value (nearly every header) as a string: the values as a sequence would box them for each header.
            if (values.Count == 1)
            {
                if (!message.Headers.TryAddWithoutValidation(name, values[0])) message.Content.Headers.TryAddWithoutValidation(name, values[0]);
            }
            else if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values)) message.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
        message.Headers.TryAddWithoutValidation(Header, request.Headers.ContainsKey(Header) ? "2" : "1");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(AnswerTimeout);
        HttpResponseMessage answer;
        try
        {
            answer = await _client.SendAsync(message, timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            store.ForgetLeaseHolder((string)request.RouteValues["team"]!, request.RouteValues["slug"] as string);
            log.LogWarning(ex, "The lease holder at {Holder} did not answer a forwarded {Method} {Path}; writing it here.", holder, request.Method, request.Path);
            return false;
        }
        using (answer)
        {
            var response = context.Response;
            response.StatusCode = (int)answer.StatusCode;
            CopyHeaders(answer.Headers.NonValidated, response);
            CopyHeaders(answer.Content.Headers.NonValidated, response);
            if (answer.Content.Headers.ContentLength is { } length) response.ContentLength = length;
            try
            {
                await answer.Content.CopyToAsync(response.Body, context.RequestAborted);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                // Cut off mid-answer: the client must not take a partial answer for a whole one.
                context.Abort();
            }
        }
        return true;
    }

    /// <summary>The holder's header lines as they came (not parsed and written again), but those of one connection.</summary>
    private static void CopyHeaders(HttpHeadersNonValidated headers, HttpResponse response)
    {
        foreach (var (name, values) in headers)
            if (!NotForwarded.Contains(name)) response.Headers[name] = values.Count == 1 ? values.ToString() : values.ToArray();
    }

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    /// <summary>The request's body streamed to the holder, not disposed with the message: a fallback reads it again.</summary>
    private sealed class BufferedBody(Stream body, long? length) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => body.CopyToAsync(stream);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
            body.CopyToAsync(stream, cancellationToken);

        protected override bool TryComputeLength(out long size)
        {
            size = length ?? 0;
            return length is not null;
        }
    }
}
