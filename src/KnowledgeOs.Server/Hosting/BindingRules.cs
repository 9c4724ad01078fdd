using System.Net;

namespace KnowledgeOs.Server.Hosting;

/// <summary>
/// Secure by default: without API keys the server may only listen on loopback, and only a request that
/// arrived on a loopback address is served without a key.
/// </summary>
public static class BindingRules
{
    /// <summary>True when an address like <c>http://127.0.0.1:5080</c> or <c>http://localhost:0</c> is reachable from this machine only.</summary>
    public static bool IsLoopback(string url)
    {
        var host = HostOf(url);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>The host part of a Kestrel URL (<c>*</c>, <c>+</c>, <c>[::1]</c>, a name or an address).</summary>
    public static string HostOf(string url)
    {
        var rest = url.Trim();
        var scheme = rest.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) rest = rest[(scheme + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0) rest = rest[..slash];
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? rest[1..close] : rest;
        }
        var colon = rest.LastIndexOf(':');
        return colon >= 0 ? rest[..colon] : rest;
    }

    /// <summary>Refuses to listen beyond loopback when no API key has ever been created.</summary>
    /// <exception cref="InputException">An address is not loopback and there are no keys.</exception>
    public static void Check(IEnumerable<string> urls, bool keysExist)
    {
        if (keysExist) return;
        var open = urls.Where(u => !IsLoopback(u)).ToList();
        if (open.Count > 0)
        {
            throw new InputException(
                $"Refusing to listen on {string.Join(", ", open)} without API keys: anyone who can reach it could read and change every team. " +
                "Create a key first (kos keys create --team <team> --scope read,write), or listen on 127.0.0.1 only.", "urls");
        }
    }
}
