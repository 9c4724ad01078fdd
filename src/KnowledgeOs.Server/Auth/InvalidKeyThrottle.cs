using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;

namespace KnowledgeOs.Server.Auth;

/// <summary>
/// Counts requests with an invalid API key per client address in a fixed window
/// (<see cref="KosServerOptions.InvalidKeyLimit"/> per <see cref="KosServerOptions.InvalidKeyWindow"/>); once an address
/// has used them up, its keyed requests are answered 429 until the window ends, so keys cannot be guessed at speed.
/// </summary>
public sealed class InvalidKeyThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;

    /// <summary>A throttle with the server's limits.</summary>
    public InvalidKeyThrottle(KosServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Window = options.InvalidKeyWindow;
        _failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.InvalidKeyLimit,
            Window = options.InvalidKeyWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>The window; the longest a refused address waits.</summary>
    public TimeSpan Window { get; }

    /// <summary>The <c>Retry-After</c> value: the window in whole seconds.</summary>
    public string RetryAfter => Math.Max(1, (long)Math.Ceiling(Window.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>True when the address has no failures left in this window.</summary>
    public bool IsBlocked(IPAddress? address) => _failures.GetStatistics(Key(address))?.CurrentAvailablePermits <= 0;

    /// <summary>Counts one invalid key from the address.</summary>
    public void Fail(IPAddress? address)
    {
        using var _ = _failures.AttemptAcquire(Key(address));
    }

    /// <inheritdoc/>
    public void Dispose() => _failures.Dispose();

    private static string Key(IPAddress? address) =>
        address is null ? "unknown" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
}
