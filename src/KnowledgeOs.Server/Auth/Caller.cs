using System.Reflection;
using KnowledgeOs.Hosting;

namespace KnowledgeOs.Server.Auth;

/// <summary>Who is calling: a key, or nobody when authentication is off (no keys, loopback).</summary>
/// <param name="Key">The key presented, or null.</param>
public sealed record Caller(ApiKey? Key) : IBindableFromHttpContext<Caller>
{
    /// <summary>What a keyed request's log lines carry (<see cref="CallerLogScope"/>): the key's id and team; empty for the local caller.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> LogScope { get; } =
        Key is null ? [] : [new("KeyId", Key.Id), new("Team", Key.Team)];

    /// <summary>The same caller: the same key (the log scope, made from it, is left out).</summary>
    public bool Equals(Caller? other) => other is not null && Equals(Key, other.Key);

    /// <inheritdoc/>
    public override int GetHashCode() => Key?.GetHashCode() ?? 0;

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
