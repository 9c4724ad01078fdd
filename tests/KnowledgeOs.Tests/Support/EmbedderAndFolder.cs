namespace KnowledgeOs.Tests.Support;

/// <summary>
/// The fixture of the tests that run <c>kos</c> or a store against an embedding provider: a fresh temp folder and a real
/// loopback embedding endpoint (<see cref="LoopbackEmbedder"/>), new for every test, both gone after it.
/// </summary>
public abstract class EmbedderAndFolder : IAsyncLifetime
{
    /// <summary>The test's own folder.</summary>
    protected TempFolder Dir { get; } = new();

    /// <summary>The loopback embedding endpoint.</summary>
    protected LoopbackEmbedder Embedder { get; private set; } = null!;

    /// <inheritdoc/>
    public async Task InitializeAsync() => Embedder = await LoopbackEmbedder.StartAsync();

    /// <inheritdoc/>
    public virtual async Task DisposeAsync()
    {
        await Embedder.DisposeAsync();
        Dir.Dispose();
    }
}
