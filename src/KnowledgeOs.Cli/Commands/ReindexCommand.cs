using KnowledgeOs.Hosting;
using KnowledgeOs.Rendering;
using KnowledgeOs.Hosting.Embeddings;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos reindex --embeddings</c>: embeds the items that have no vector of the provider's model yet, with a progress bar.</summary>
public sealed class ReindexCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<ReindexCommand.Settings>(console, time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : KosSettings
    {
        /// <summary>Embedding provider.</summary>
        [CommandOption("--embeddings [PROVIDER]")]
        [Description("Embed the items without a vector: ollama:MODEL@URL or openai:MODEL@URL (key in $KOS_EMBEDDINGS_KEY or $OPENAI_API_KEY); alone, the provider in $KOS_EMBEDDINGS.")]
        public FlagValue<string>? Embeddings { get; init; }

        /// <summary>Embed everything again.</summary>
        [CommandOption("--all")]
        [Description("Delete the model's vectors first and embed every item again (after the model itself changed).")]
        public bool All { get; init; }
    }

    /// <inheritdoc/>
    protected override void CheckInput(Settings settings) => Options(settings);

    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        var options = Options(settings);
        using var stack = new EmbeddingStack(await ServerDatabase.OpenAsync(session.Store, ct), options, Time);
        var model = options.Provider.VectorModel;
        var deleted = settings.All ? await stack.Vectors.DeleteAsync(model, ct) : 0;
        var pending = await stack.Indexer.CountPendingAsync(ct);
        var l = await session.LabelsAsync(ct);
        long embedded;
        try
        {
            if (settings.Json || pending == 0) embedded = await stack.Indexer.DrainAsync(null, ct);
            else embedded = await DrainWithProgressAsync(stack.Indexer, pending, l, ct);
        }
        catch (Exception ex) when (ex is not KnowledgeOsException && !ct.IsCancellationRequested)
        {
            throw new StorageException($"Embedding with {options.Provider} failed: {ex.GetBaseException().Message}", ex);
        }
        if (settings.Json)
            Output.Json(Console, new { Model = model, Endpoint = options.Provider.Endpoint.ToString(), Deleted = deleted, Embedded = embedded });
        else
            Output.Line(Console, l.Embedded(embedded, model, settings.All ? deleted : null));
        return ExitCodes.Ok;
    }

    // The provider to embed with; nothing to do, or no provider, fails here, before the store is opened.
    private static EmbeddingOptions Options(Settings settings)
    {
        if (settings.Embeddings is not { IsSet: true } flag)
            throw InputException.Of("Say what to index again: --embeddings [ollama:MODEL@URL|openai:MODEL@URL].", "--embeddings", ErrorCodes.ReindexNothing);
        return EmbeddingOptions.Resolve(flag.Value)
            ?? throw InputException.Of($"--embeddings needs a provider (ollama:MODEL@URL or openai:MODEL@URL), or set {KnowledgeOs.Embeddings.EmbeddingProvider.Variable}.", "--embeddings",
                ErrorCodes.EmbeddingsProviderRequired, KnowledgeOs.Embeddings.EmbeddingProvider.Variable);
    }

    private Task<long> DrainWithProgressAsync(EmbeddingIndexer indexer, long pending, CliLabels l, CancellationToken ct) =>
        Console.Progress().AutoClear(false).StartAsync(async progress =>
        {
            var task = progress.AddTask(Markup.Escape(l.Embedding(indexer.Model)), maxValue: pending);
            var done = await indexer.DrainAsync(new Progress<long>(n => task.Value = Math.Min(n, pending)), ct);
            task.Value = pending;
            return done;
        });
}
