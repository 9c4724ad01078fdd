using KnowledgeOs.Hosting;
using KnowledgeOs.Server;
using KnowledgeOs.Hosting.Embeddings;
using KnowledgeOs.Server.Hosting;
using Microsoft.Extensions.Hosting;
using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos serve</c>: the HTTP API, change feed and OpenAPI reference on the same database as the CLI.</summary>
public sealed class ServeCommand(IAnsiConsole console, TimeProvider time) : AsyncCommand<ServeCommand.Settings>
{
    /// <summary>Options.</summary>
    public sealed class Settings : KosSettings
    {
        /// <summary>Addresses.</summary>
        [CommandOption("--urls <URLS>")]
        [Description("Addresses to listen on, separated by ';' (default: $ASPNETCORE_URLS, else http://127.0.0.1:5080). Anything but loopback needs API keys (kos keys create).")]
        public string? Urls { get; init; }

        /// <summary>Address for forwarded writes.</summary>
        [CommandOption("--advertise-url <URL>")]
        [Description("PostgreSQL only: the address where the other servers on the database reach this one. While it holds a team's write lease it takes their writes of that team, and it forwards its own to another server holding one (default: $KOS_ADVERTISE_URL, else none: no forwarding).")]
        public string? AdvertiseUrl { get; init; }

        /// <summary>Load the sample team first.</summary>
        [CommandOption("--sample")]
        [Description("Load the sample team and its reports into the database first (as kos demo does), then serve.")]
        public bool Sample { get; init; }

        /// <summary>Samples folder.</summary>
        [CommandOption("--samples <DIR>")]
        [Description("A samples folder for --sample with team.json and reports/ (default: the sample team built into kos).")]
        public string? Samples { get; init; }

        /// <summary>Embedding provider.</summary>
        [CommandOption("--embeddings <PROVIDER>")]
        [Description("Embed items in the background and fuse vector search with word search: ollama:MODEL@URL or openai:MODEL@URL (key in $KOS_EMBEDDINGS_KEY or $OPENAI_API_KEY). Default: $KOS_EMBEDDINGS, else words only.")]
        public string? Embeddings { get; init; }
    }

    /// <inheritdoc/>
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken ct)
    {
        var urls = ServerArguments.Urls(settings.Urls);
        var l = CliLabels.For(await LanguageAsync(settings, ct));
        var location = settings.Location;
        var embeddings = EmbeddingOptions.Resolve(settings.Embeddings);
        var options = new KosServerOptions
        {
            DataPath = settings.DataPath,
            Store = location.Kind,
            Connection = location.Kind == StoreKind.Postgres ? location.Target : null,
            Urls = urls,
            AdvertiseUrl = ServerArguments.AdvertiseUrl(settings.AdvertiseUrl),
            Embeddings = embeddings,
            Time = time,
        };
        await using var app = await KosServer.BuildAsync(options, ct);
        await KosServer.StartAsync(app, ct);
        // Before the Serving line, which tests and scripts wait for: what they read up to it is whole.
        if (options.AdvertiseUrl is not null && ThreadPoolSpin.Effective() is { } spin) Output.Line(console, l.ThreadPoolSpin(spin, ThreadPoolSpin.Variable));
        Output.Line(console, l.Serving(location.Describe(), [.. app.Urls]));
        if (embeddings is not null) Output.Line(console, l.EmbeddingsOn(embeddings.Provider.ToString()));
        // Returns once Ctrl+C (or SIGTERM) asks to stop, after in-flight requests have finished.
        await app.WaitForShutdownAsync(ct);
        return ExitCodes.Ok;
    }

    // Loads the sample team when asked, then reads the language the lines are in: --lang, else the (default) team's.
    private async Task<RenderLanguage> LanguageAsync(Settings settings, CancellationToken ct)
    {
        await using var session = await KosSession.OpenAsync(settings, time, ct);
        if (settings.Sample)
        {
            var (onboarded, results, _) = await SampleTeam.LoadAsync(session, settings.Samples, console, showProgress: false, ct);
            var l = await session.LabelsAsync(ct);
            Output.Line(console, l.SampleLoaded(session.Team, onboarded.Count, results.Count(r => r.Status == ReportFileStatus.Learned)));
        }
        return await session.LanguageAsync(ct);
    }
}
