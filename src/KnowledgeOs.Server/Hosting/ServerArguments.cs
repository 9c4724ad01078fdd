using KnowledgeOs.Hosting;
using KnowledgeOs.Hosting.Embeddings;
using KnowledgeOs.Server.Hosting;

namespace KnowledgeOs.Server;

/// <summary>Command-line arguments of the server's own entry point (<c>--urls</c>, <c>--data</c>, <c>--store</c>, <c>--connection</c>), with <c>KOS_DATA</c>, <c>KOS_STORE</c> and <c>KOS_CONNECTION</c> as kos has them.</summary>
public static class ServerArguments
{
    /// <summary>Parses the arguments into options.</summary>
    /// <exception cref="InputException">An unknown argument or a missing value.</exception>
    public static KosServerOptions Parse(string[] args)
    {
        var options = new KosServerOptions { Urls = Urls(null) };
        if (EnvironmentDefault.Value("KOS_DATA") is { } data) options = options with { DataPath = data };
        if (EnvironmentDefault.Value("KOS_STORE") is { } store) options = options with { Store = StoreLocation.ParseKind(store, "KOS_STORE") };
        if (EnvironmentDefault.Value("KOS_CONNECTION") is { } connection) options = options with { Connection = connection };
        options = options with { AdvertiseUrl = AdvertiseUrl(null) };
        options = options with { Embeddings = EmbeddingOptions.Resolve(null) };
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw InputException.Of($"{args[i]} needs a value.", args[i], ErrorCodes.OptionNeedsValue, args[i]);
            options = args[i] switch
            {
                "--urls" => options with { Urls = Urls(Value()) },
                "--data" => options with { DataPath = Value() },
                "--store" => options with { Store = StoreLocation.ParseKind(Value(), "--store") },
                "--connection" => options with { Connection = Value() },
                "--advertise-url" => options with { AdvertiseUrl = AdvertiseUrl(Value()) },
                "--embeddings" => options with { Embeddings = EmbeddingOptions.Resolve(Value()) },
                _ => throw InputException.Of($"Unknown argument '{args[i]}' (expected --urls URLS, --data PATH, --store sqlite|postgres, --connection CONN, --advertise-url URL, --embeddings ollama:MODEL@URL|openai:MODEL@URL).", args[i],
                    ErrorCodes.UsageUnknownOption, args[i]),
            };
        }
        return options;
    }

    /// <summary>Where other servers on the database reach this one for forwarded writes: the given value, else
    /// <c>KOS_ADVERTISE_URL</c>, else none (<see cref="KosServerOptions.AdvertiseUrl"/>).</summary>
    public static string? AdvertiseUrl(string? given) => EnvironmentDefault.Of(given, "KOS_ADVERTISE_URL");

    /// <summary>
    /// The addresses to listen on: those given (<c>--urls</c>, separated by ';'), else <c>ASPNETCORE_URLS</c> as every
    /// ASP.NET Core server honours it, else <see cref="KosServerOptions.DefaultUrl"/>. The binding rules apply to all of them.
    /// </summary>
    public static IReadOnlyList<string> Urls(string? given)
    {
        var urls = EnvironmentDefault.Of(given, "ASPNETCORE_URLS") ?? KosServerOptions.DefaultUrl;
        return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
