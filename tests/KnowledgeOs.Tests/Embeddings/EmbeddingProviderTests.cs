using KnowledgeOs.Embeddings;

namespace KnowledgeOs.Tests.Embeddings;

/// <summary>The <c>--embeddings</c> / <c>KOS_EMBEDDINGS</c> setting.</summary>
public sealed class EmbeddingProviderTests
{
    [Fact]
    public void Ollama_and_OpenAI_settings_name_the_model_and_the_endpoint()
    {
        var ollama = EmbeddingProvider.Parse("ollama:nomic-embed-text:v1.5@http://gpu-box:11434");
        Assert.Equal((EmbeddingProviderKind.Ollama, "nomic-embed-text:v1.5", "http://gpu-box:11434/"), (ollama.Kind, ollama.Model, ollama.Endpoint.ToString()));
        Assert.Equal("ollama:nomic-embed-text:v1.5", ollama.VectorModel);

        var openai = EmbeddingProvider.Parse("OpenAI:text-embedding-3-small@http://127.0.0.1:8080/v1");
        Assert.Equal((EmbeddingProviderKind.OpenAi, "text-embedding-3-small", "http://127.0.0.1:8080/v1/"), (openai.Kind, openai.Model, openai.Endpoint.ToString()));
    }

    [Fact]
    public void Without_an_address_the_providers_own_default_is_used()
    {
        Assert.Equal(EmbeddingProvider.DefaultOllama, EmbeddingProvider.Parse("ollama:bge-m3").Endpoint);
        Assert.Equal(EmbeddingProvider.DefaultOpenAi, EmbeddingProvider.Parse("openai:text-embedding-3-small").Endpoint);
    }

    [Theory]
    [InlineData("nomic-embed-text")]
    [InlineData("cohere:embed@http://x")]
    [InlineData("ollama:")]
    [InlineData("ollama:@http://x")]
    [InlineData("ollama:m@ftp://x")]
    [InlineData("ollama:m@not a url")]
    public void A_malformed_setting_is_an_input_error_naming_the_option(string setting)
    {
        var error = Assert.Throws<InputException>(() => EmbeddingProvider.Parse(setting, "--embeddings"));
        Assert.Equal("--embeddings", error.Field);
        Assert.Contains("ollama:MODEL@URL", error.Message, StringComparison.Ordinal);
    }
}
