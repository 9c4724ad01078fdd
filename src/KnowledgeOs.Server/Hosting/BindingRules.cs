using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;

namespace KnowledgeOs.Server.Hosting;

/// <summary>
/// Secure by default: without API keys the server may only listen on loopback, and only a request that
/// arrived on a loopback address is served without a key.
/// </summary>
public static partial class BindingRules
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

    /// <summary>Refuses an address Kestrel could not parse, and refuses to listen beyond loopback when no API key has ever been created.</summary>
    /// <exception cref="InputException">An address is malformed, or is not loopback and there are no keys.</exception>
    public static void Check(IReadOnlyCollection<string> urls, bool keysExist)
    {
        foreach (var url in urls) CheckWellFormed(url);
        if (keysExist) return;
        var open = urls.Where(u => !IsLoopback(u)).ToList();
        if (open.Count > 0)
        {
            throw new InputException(
                $"Refusing to listen on {string.Join(", ", open)} without API keys: anyone who can reach it could read and change every team. " +
                "Create a key first (kos keys create --team default --scope read,write; another team: its slug), or listen on 127.0.0.1 only.", "urls")
                .WithCode(ErrorCodes.ListenOpenWithoutKeys, string.Join(", ", open));
        }
    }

    /// <summary>The addresses configured as <c>Kestrel:Endpoints:{name}:Url</c> (appsettings or <c>Kestrel__Endpoints__…</c> variables).</summary>
    public static IEnumerable<string> ConfiguredEndpoints(IConfiguration configuration) =>
        configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>();

    /// <summary>The user's message for Kestrel's "Failed to bind to address …" (in use, not permitted), or null for another I/O error.</summary>
    public static string? BindFailure(IOException exception)
    {
        var match = FailedToBind().Match(exception.Message);
        if (!match.Success) return null;
        var address = match.Groups[1].Value;
        return exception.InnerException is AddressInUseException
            ? $"Cannot listen on {address}: the address is already in use (another kos serve?). Stop what listens there, or choose another address with --urls."
            : $"Cannot listen on {address}: {exception.InnerException?.Message ?? exception.Message} Choose another address with --urls.";
    }

    private static void CheckWellFormed(string url)
    {
        try
        {
            var address = BindingAddress.Parse(url);
            if (address.Scheme is not ("http" or "https")) throw new FormatException($"the scheme must be http or https, not '{address.Scheme}'");
            if (address.Port is < 0 or > 65535) throw new FormatException($"port {address.Port} is not between 0 and 65535");
        }
        catch (FormatException ex)
        {
            throw new InputException($"'{url}' is not an address to listen on ({ex.Message.TrimEnd('.')}); write it as http://HOST:PORT, e.g. {KosServerOptions.DefaultUrl}.", "urls")
                .WithCode(ErrorCodes.ListenAddressInvalid, url, KosServerOptions.DefaultUrl);
        }
    }

    [GeneratedRegex(@"Failed to bind to address (\S+?)(?::|\.)?(?: |$)")]
    private static partial Regex FailedToBind();
}
