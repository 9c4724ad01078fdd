namespace KnowledgeOs.Embeddings;

/// <summary>The kinds of embedding endpoint KnowledgeOS speaks to.</summary>
public enum EmbeddingProviderKind
{
    /// <summary>Ollama's <c>POST /api/embed</c>.</summary>
    Ollama,

    /// <summary>OpenAI's <c>POST /v1/embeddings</c>, or any server that speaks it.</summary>
    OpenAi,
}

/// <summary>
/// An embedding provider setting, <c>ollama:MODEL@URL</c> or <c>openai:MODEL@URL</c> (the URL optional), as given
/// with <c>--embeddings</c> or <c>KOS_EMBEDDINGS</c>. The key of an OpenAI endpoint is never part of it: it comes from
/// an environment variable (<see cref="KeyVariables"/>), so it stays out of shell history and process lists.
/// </summary>
/// <param name="Kind">Which wire format.</param>
/// <param name="Model">The model name as the endpoint knows it (e.g. <c>nomic-embed-text</c>, <c>text-embedding-3-small</c>).</param>
/// <param name="Endpoint">The endpoint's base address (for OpenAI, up to and including <c>/v1</c>).</param>
public sealed record EmbeddingProvider(EmbeddingProviderKind Kind, string Model, Uri Endpoint)
{
    /// <summary>The environment variable that names the provider when no option does.</summary>
    public const string Variable = "KOS_EMBEDDINGS";

    /// <summary>Where an OpenAI-compatible endpoint's key is read from, first set wins.</summary>
    public static readonly IReadOnlyList<string> KeyVariables = ["KOS_EMBEDDINGS_KEY", "OPENAI_API_KEY"];

    /// <summary>Ollama's address when none is given.</summary>
    public static readonly Uri DefaultOllama = new("http://127.0.0.1:11434/");

    /// <summary>OpenAI's address when none is given.</summary>
    public static readonly Uri DefaultOpenAi = new("https://api.openai.com/v1/");

    /// <summary>
    /// What the stored vectors are named by: kind and model, not the address, since the same model served elsewhere
    /// gives the same vectors, and another model gives vectors that must never be compared with these.
    /// </summary>
    public string VectorModel => $"{Name(Kind)}:{Model}";

    /// <summary>The setting as it would be written.</summary>
    public override string ToString() => $"{VectorModel}@{Endpoint}";

    /// <summary>The provider an option names, else the one <c>KOS_EMBEDDINGS</c> names, else none (lexical search only).</summary>
    /// <exception cref="InputException">The setting is malformed; names <paramref name="field"/>.</exception>
    public static EmbeddingProvider? Resolve(string? option, string field = "--embeddings") =>
        option is { Length: > 0 } ? Parse(option, field)
        : EnvironmentDefault.Value(Variable) is { } env ? Parse(env, Variable)
        : null;

    /// <summary>Parses <c>ollama:MODEL[@URL]</c> or <c>openai:MODEL[@URL]</c>.</summary>
    /// <exception cref="InputException">Unknown kind, no model, or a URL that is not absolute http(s); names <paramref name="field"/>.</exception>
    public static EmbeddingProvider Parse(string setting, string field = "--embeddings")
    {
        ArgumentNullException.ThrowIfNull(setting);
        var text = setting.Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) throw Bad(setting, field, "it has no provider", "no-provider", "");
        var kind = text[..colon].ToLowerInvariant() switch
        {
            "ollama" => EmbeddingProviderKind.Ollama,
            "openai" => EmbeddingProviderKind.OpenAi,
            var other => throw Bad(setting, field, $"'{other}' is not a provider", "provider-unknown", other),
        };
        // The model may itself hold a colon (nomic-embed-text:v1.5), never an @: the first @ starts the address.
        var rest = text[(colon + 1)..];
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        var model = (at < 0 ? rest : rest[..at]).Trim();
        if (model.Length == 0) throw Bad(setting, field, "it names no model", "no-model", "");
        var endpoint = kind == EmbeddingProviderKind.Ollama ? DefaultOllama : DefaultOpenAi;
        if (at >= 0)
        {
            var url = rest[(at + 1)..].Trim();
            if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
                throw Bad(setting, field, $"'{url}' is not an http(s) address", "not-http", url);
            // A base address without the trailing slash would drop its last segment (/v1) when paths are appended.
            endpoint = parsed.AbsoluteUri.EndsWith('/') ? parsed : new Uri(parsed.AbsoluteUri + "/");
        }
        return new EmbeddingProvider(kind, model, endpoint);
    }

    /// <summary>The key for an OpenAI-compatible endpoint from the environment, or null when none is set.</summary>
    public static string? KeyFromEnvironment() =>
        KeyVariables.Select(EnvironmentDefault.Value).FirstOrDefault(v => v is not null);

    private static string Name(EmbeddingProviderKind kind) => kind == EmbeddingProviderKind.Ollama ? "ollama" : "openai";

    /// <summary>A setting that is not one; <paramref name="reason"/> (<c>no-provider</c>, <c>provider-unknown</c>, <c>no-model</c>, <c>not-http</c>) and <paramref name="value"/> word <paramref name="why"/> in another language.</summary>
    private static InputException Bad(string setting, string field, string why, string reason, string value) =>
        InputException.Of($"{field} '{setting}': {why}; expected ollama:MODEL@URL or openai:MODEL@URL (e.g. ollama:nomic-embed-text@http://127.0.0.1:11434).", field,
            ErrorCodes.EmbeddingsSettingInvalid, field, setting, reason, value);
}
