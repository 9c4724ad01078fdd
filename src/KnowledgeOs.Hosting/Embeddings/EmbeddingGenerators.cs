using System.ClientModel;
using System.ClientModel.Primitives;
using KnowledgeOs.Embeddings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using OllamaSharp;
using OpenAI;
using Polly;

namespace KnowledgeOs.Hosting.Embeddings;

/// <summary>
/// Makes the <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of a provider: OllamaSharp's client for Ollama,
/// Microsoft.Extensions.AI.OpenAI's for OpenAI-compatible endpoints, both over an <see cref="HttpClient"/> whose
/// Microsoft.Extensions.Http.Resilience handler is the one place transient faults are retried (the OpenAI SDK's own
/// retries are off, so a request is never retried by two layers).
/// </summary>
public static class EmbeddingGenerators
{
    /// <summary>The generator items are embedded with: retries with exponential backoff and jitter, a long per-attempt timeout.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> ForIndexing(EmbeddingOptions options, TimeProvider time, ILogger logger) =>
        Create(options, Http(options, time, logger, options.MaxRetries, options.AttemptTimeout));

    /// <summary>The generator queries are embedded with: one attempt, a short timeout, so an outage costs a search little.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> ForQueries(EmbeddingOptions options, TimeProvider time, ILogger logger) =>
        Create(options, Http(options, time, logger, retries: 0, options.QueryTimeout));

    private static IEmbeddingGenerator<string, Embedding<float>> Create(EmbeddingOptions options, HttpClient http)
    {
        var provider = options.Provider;
        if (provider.Kind == EmbeddingProviderKind.Ollama)
        {
            http.BaseAddress = provider.Endpoint;
            return new OllamaApiClient(http, provider.Model);
        }
        var client = new OpenAIClient(new ApiKeyCredential(options.Key ?? "none"), new OpenAIClientOptions
        {
            Endpoint = provider.Endpoint,
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        });
        return client.GetEmbeddingClient(provider.Model).AsIEmbeddingGenerator();
    }

    private static HttpClient Http(EmbeddingOptions options, TimeProvider time, ILogger logger, int retries, TimeSpan attemptTimeout)
    {
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (retries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = TimeSpan.FromSeconds(30),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Exception is { } e ? e.GetType().Name : $"HTTP {(int)args.Outcome.Result!.StatusCode}";
                    logger.LogWarning("Embedding endpoint {Endpoint}: attempt {Attempt} failed ({Reason}); retrying in {Delay} ms",
                        options.Provider.Endpoint, args.AttemptNumber + 1, reason, (int)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }
        pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = attemptTimeout });
        var handler = new ResilienceHandler(pipeline.Build())
        {
            InnerHandler = new SocketsHttpHandler { ConnectTimeout = attemptTimeout, PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
