using System.Reflection;
using KnowledgeOs.Hosting;

namespace KnowledgeOs.Server.Auth;

/// <summary>Who is calling: a key, or nobody when authentication is off (no keys, loopback).</summary>
/// <param name="Key">The key presented, or null.</param>
public sealed record Caller(ApiKey? Key) : IBindableFromHttpContext<Caller>
{
    /// <summary>The caller when authentication is off.</summary>
    public static Caller Local { get; } = new((ApiKey?)null);

    /// <summary>The source recorded on what the caller changes by hand (<c>manual:&lt;key name&gt;</c>).</summary>
    public string Source => "manual:" + (Key?.Name ?? "local");

    /// <summary>Whose idempotency keys these are: a client's keys never collide with another client's.</summary>
    public string Client => Key?.Id ?? "local";

    /// <summary>The caller the API key scheme put on the request (<see cref="ApiKeyAuthenticationHandler"/>).</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<Caller?>(context.Features.Get<Caller>() ?? Local);
}
