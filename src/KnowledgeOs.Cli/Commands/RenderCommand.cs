using KnowledgeOs.Rendering;

namespace KnowledgeOs.Cli.Commands;

/// <summary><c>kos render</c>: prints an expert's knowledge base as Markdown, now or at a past time (--as-of, --recorded-as-of).</summary>
public sealed class RenderCommand(IAnsiConsole console, TimeProvider time) : StoreCommand<RenderCommand.Settings>(console, time)
{
    /// <summary>Options.</summary>
    public sealed class Settings : ExpertAsOfSettings
    {
        /// <summary>Output file.</summary>
        [CommandOption("--out <FILE>")]
        [Description("Write to a file instead of standard output.")]
        public string? Out { get; init; }
    }

    /// <inheritdoc/>
    protected override async Task<int> ExecuteAsync(KosSession session, Settings settings, CancellationToken ct)
    {
        var language = await session.LanguageAsync(ct);
        var snapshot = await session.Service.GetAsync(session.Team, settings.Expert, session.AsOf, ct);
        var markdown = MarkdownRenderer.Render(snapshot.State, new RenderOptions(language));
        if (!settings.Json)
        {
            await Output.DocumentAsync(Console, settings.Out, markdown, path => CliLabels.For(language).RenderWritten(path, markdown.Length), ct);
        }
        else if (settings.Out is { } path)
        {
            await Output.FileAsync(path, markdown, ct);
            Output.Json(Console, new { file = path, characters = markdown.Length, version = snapshot.Version });
        }
        else
        {
            Output.Json(Console, new { expert = snapshot.State.Slug, version = snapshot.Version, markdown });
        }
        return ExitCodes.Ok;
    }

}
