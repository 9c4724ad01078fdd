using System.Globalization;
using System.Net;

namespace KnowledgeOs.Server.Auth;

/// <summary>
/// Counts requests with an invalid API key per client address in a fixed window
/// (<see cref="KosServerOptions.InvalidKeyLimit"/> per <see cref="KosServerOptions.InvalidKeyWindow"/>); once an address
/// has used them up, its keyed requests are answered 429 until the window ends, so keys cannot be guessed at speed.
/// Each address's window starts with its first invalid key; the count lives in <see cref="TokenBuckets{TKey}"/>, which
/// run no timer while no one guesses.
/// </summary>
public sealed class InvalidKeyThrottle
{
    /// <summary>Addresses counted at most; past it the ones whose window has ended go first (<see cref="TokenBuckets{TKey}"/>).</summary>
    public const int MaxAddresses = 10_000;

    private readonly TokenBuckets<string> _failures;

    /// <summary>A throttle with the server's limits.</summary>
    public InvalidKeyThrottle(KosServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Window = options.InvalidKeyWindow;
        _failures = new TokenBuckets<string>(options.InvalidKeyLimit, options.InvalidKeyLimit, options.InvalidKeyWindow, MaxAddresses, options.Time);
    }

    /// <summary>The window; the longest a refused address waits.</summary>
    public TimeSpan Window { get; }

    /// <summary>The <c>Retry-After</c> value: the window in whole seconds.</summary>
    public string RetryAfter => Math.Max(1, (long)Math.Ceiling(Window.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>True when the address has no failures left in this window.</summary>
    public bool IsBlocked(IPAddress? address) => _failures.Available(Key(address)) <= 0;

    /// <summary>Counts one invalid key from the address.</summary>
    public void Fail(IPAddress? address) => _failures.TryAcquire(Key(address));

    private static string Key(IPAddress? address) =>
        address is null ? "unknown" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
